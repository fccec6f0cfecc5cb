package io.cipherocto.market.core.page;

import org.eclipse.microprofile.graphql.NonNull;

/** Relay page info (forward pagination). */
public record PageInfo(@NonNull boolean hasNextPage, String endCursor) {
}
