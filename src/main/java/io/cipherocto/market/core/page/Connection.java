package io.cipherocto.market.core.page;

import java.util.List;
import java.util.function.BiFunction;
import org.eclipse.microprofile.graphql.NonNull;

/**
 * A Relay connection over one {@link Page}. SmallRye GraphQL names a generic type after its type arguments
 * ({@code Connection_Participant}), so each list keeps a pair of one-line subclasses that carry the Relay names
 * (ParticipantConnection, ParticipantEdge). A subclass adds {@code totalCount} as a separate {@code @Source}
 * field where counting is cheap, so it costs nothing unless selected.
 */
public class Connection<T, E extends Edge<T>> {

    private final List<E> edges;
    private final PageInfo pageInfo;

    protected Connection(Page<T> page, BiFunction<String, T, E> edge) {
        this.edges = page.nodes().stream().map(node -> edge.apply(page.cursorOf().apply(node), node)).toList();
        this.pageInfo = new PageInfo(page.hasNextPage(), edges.isEmpty() ? null : edges.getLast().getCursor());
    }

    public @NonNull List<@NonNull E> getEdges() {
        return edges;
    }

    public @NonNull PageInfo getPageInfo() {
        return pageInfo;
    }
}
