package io.cipherocto.market.partner;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** What a document would cost the caller, priced without running it. */
@Type("QueryCostEstimate")
@Description("What a document would cost the caller, priced without running it (this query itself is charged too).")
public record QueryCostEstimate(
        String operationName,
        @NonNull @Description("QUERY, MUTATION or SUBSCRIPTION (a subscription is limited by count, not cost).")
        String operationType,
        @NonNull @Description("The most its response may contain: one point per object, list sizes from first/last "
                + "(see the README, Query cost).") Long requestedQueryCost,
        @NonNull Integer maxCostPerRequest,
        @NonNull @Description("At most maxCostPerRequest (else QUERY_TOO_COMPLEX QUERY_COST_ABOVE_MAXIMUM).")
        Boolean withinMaximum,
        @NonNull @Description("Points the caller's bucket holds now.") Long currentlyAvailable,
        @NonNull @Description("Sent now, it would not be refused by the budget.") Boolean affordableNow) {
}
