package io.cipherocto.market.partner;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** One audience's line of the access policy. */
@Type("Entitlements")
@Description("What one audience may do and gets, as the access policy in force says.")
public record Entitlements(
        @NonNull Audience audience,
        @NonNull Agreement agreement,
        @NonNull @Description("Sees models and agents flagged `earlyAccess` (others do not see them at all).")
        Boolean earlyAccess,
        @NonNull @Description("Share of the platform fee on partner-sourced sales paid to the partner, in basis "
                + "points (1000 = 10 %).") Integer revenueShareBps,
        @NonNull @Description("An observer seat on the board.") Boolean boardObserver,
        @NonNull CoMarketing coMarketing,
        @NonNull SupportLevel support,
        @NonNull QueryBudget budget) {
}
