package io.cipherocto.market.partner;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/** One audience's line of a new access policy version. */
@Input("EntitlementsInput")
@Description("One audience's line of a new access policy version. ANONYMOUS and PARTICIPANT have no partner rights: "
        + "agreement NONE, no early access, no revenue share, no board seat, co-marketing NONE, support COMMUNITY.")
public record EntitlementsInput(
        @NonNull Audience audience,
        @NonNull Agreement agreement,
        @NonNull Boolean earlyAccess,
        @NonNull @Description("0 to 10000.") Integer revenueShareBps,
        @NonNull Boolean boardObserver,
        @NonNull CoMarketing coMarketing,
        @NonNull SupportLevel support,
        @NonNull @Description("1 to 100,000,000 points.") Integer bucketSize,
        @NonNull @Description("Points per second, 1 to 10,000,000.") Integer restoreRate,
        @NonNull @Description("1 to bucketSize.") Integer maxCostPerRequest) {
}
