package io.cipherocto.market.core.page;

import java.util.List;
import java.util.function.Function;

/** One page of a list in sort order, and how to name the position just past each of its rows. */
public record Page<T>(List<T> nodes, boolean hasNextPage, Function<T, String> cursorOf) {

    /** Cuts a page from up to {@link PageRequest#fetchSize()} rows: the extra row only tells that there is more. */
    public static <T> Page<T> of(List<T> fetched, PageRequest request, Function<T, String> cursorOf) {
        boolean hasNext = fetched.size() > request.first();
        return new Page<>(hasNext ? fetched.subList(0, request.first()) : fetched, hasNext, cursorOf);
    }
}
