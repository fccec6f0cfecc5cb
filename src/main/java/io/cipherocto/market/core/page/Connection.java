package io.cipherocto.market.core.page;

import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * A Relay connection over a keyset page. Built from at most {@link PageRequest#fetchSize()} rows
 * in sort order; the extra row only tells that there is a next page. Subclasses name the GraphQL type and
 * add {@code totalCount} as a separate field where counting is cheap, so it costs nothing unless selected.
 */
public class Connection<T> {

    private final List<Edge<T>> edges;
    private final PageInfo pageInfo;

    protected Connection(List<T> rows, PageRequest page, Function<T, Cursor> cursorOf) {
        boolean hasNext = rows.size() > page.first();
        List<T> visible = hasNext ? rows.subList(0, page.first()) : rows;
        this.edges = visible.stream().map(row -> new Edge<>(cursorOf.apply(row).encode(), row)).toList();
        this.pageInfo = new PageInfo(hasNext, edges.isEmpty() ? null : edges.getLast().cursor());
    }

    public @NonNull List<@NonNull Edge<T>> getEdges() {
        return edges;
    }

    public @NonNull PageInfo getPageInfo() {
        return pageInfo;
    }
}
