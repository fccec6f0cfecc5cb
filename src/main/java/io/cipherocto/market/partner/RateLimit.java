package io.cipherocto.market.partner;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** The caller's query-cost budget on the replica that answers (as GitHub's rateLimit, with the policy's terms). */
@Type("RateLimit")
@Description("The caller's query-cost budget on the replica that answered: the same figures as the response's "
        + "`extensions.cost` and `X-RateLimit-*` headers.")
public record RateLimit(
        @NonNull Audience audience,
        @NonNull @Description("What this request may cost (reserved before it ran; the difference to its actual "
                + "cost is given back).") Long cost,
        @NonNull @Description("Points the bucket holds when full (on this replica).") Long limit,
        @NonNull @Description("Points available now.") Long remaining,
        @NonNull @Description("Points restored per second.") Long restoreRate,
        @NonNull @Description("When the bucket will be full again if nothing more is spent.") OffsetDateTime resetAt,
        @NonNull @Description("The most one request may cost.") Integer maxCostPerRequest,
        @NonNull @Description("Replicas the policy's bucket and rate are divided among (octo.rate-limit.replicas).")
        Integer replicas) {
}
