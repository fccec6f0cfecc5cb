package io.cipherocto.market.core.page;

import org.eclipse.microprofile.graphql.NonNull;

/** A node and the cursor that points just past it; subclassed per node type for Relay type names. */
public class Edge<T> {

    private final String cursor;
    private final T node;

    protected Edge(String cursor, T node) {
        this.cursor = cursor;
        this.node = node;
    }

    public @NonNull String getCursor() {
        return cursor;
    }

    public @NonNull T getNode() {
        return node;
    }
}
