package io.cipherocto.market.core.page;

import org.eclipse.microprofile.graphql.NonNull;

/** A node and the cursor that points just past it. */
public record Edge<T>(@NonNull String cursor, @NonNull T node) {
}
