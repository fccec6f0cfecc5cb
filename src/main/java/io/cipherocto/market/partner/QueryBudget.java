package io.cipherocto.market.partner;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** A query-cost budget: a bucket of points, restored at a steady rate, and the most one request may cost. */
@Type("QueryBudget")
@Description("A query-cost budget: a bucket of `bucketSize` points restored at `restoreRate` points per second; a "
        + "request whose requested cost exceeds `maxCostPerRequest` is refused whatever the bucket holds.")
public record QueryBudget(@NonNull Integer bucketSize, @NonNull Integer restoreRate,
        @NonNull Integer maxCostPerRequest) {
}
