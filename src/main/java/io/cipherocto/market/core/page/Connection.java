package io.cipherocto.market.core.page;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * A Relay connection over a keyset page. Built from at most {@link PageRequest#fetchSize()} rows
 * in sort order; the extra row only tells that there is a next page. Subclasses name the GraphQL types and
 * add {@code totalCount} as a separate field where counting is cheap, so it costs nothing unless selected.
 */
public class Connection<T, E extends Edge<T>> {

    private final List<E> edges;
    private final PageInfo pageInfo;

    protected Connection(List<T> rows, PageRequest page, Function<T, Cursor> cursorOf,
            BiFunction<String, T, E> edge) {
        boolean hasNext = rows.size() > page.first();
        List<T> visible = hasNext ? rows.subList(0, page.first()) : rows;
        this.edges = visible.stream().map(row -> edge.apply(cursorOf.apply(row).encode(), row)).toList();
        this.pageInfo = new PageInfo(hasNext, edges.isEmpty() ? null : edges.getLast().getCursor());
    }

    public @NonNull List<@NonNull E> getEdges() {
        return edges;
    }

    public @NonNull PageInfo getPageInfo() {
        return pageInfo;
    }
}
