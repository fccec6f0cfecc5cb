package io.cipherocto.market.partner;

import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** The caller's query-cost spend over a window, by operation name. */
@Type("QuerySpend")
@Description("The caller's query-cost spend (actual cost) over a window, by operation name, most expensive first "
        + "(at most 100 operations). Replicas write their sums every few seconds (octo.rate-limit.spend-flush-every): "
        + "the last seconds of other replicas may be missing.")
public record QuerySpend(@NonNull SpendWindow window, @NonNull OffsetDateTime since, @NonNull Long requests,
        @NonNull Long cost, @NonNull List<@NonNull OperationSpend> operations) {

    /** One operation's share. */
    @Type("OperationSpend")
    @Description("One operation's share of the spend; unnamed operations are summed as `(unnamed)`.")
    public record OperationSpend(@NonNull String operationName, @NonNull Long requests, @NonNull Long cost) {
    }

    /** How far back. */
    @org.eclipse.microprofile.graphql.Enum("SpendWindow")
    public enum SpendWindow {
        LAST_HOUR(java.time.Duration.ofHours(1)), LAST_DAY(java.time.Duration.ofDays(1)),
        LAST_WEEK(java.time.Duration.ofDays(7));

        final java.time.Duration length;

        SpendWindow(java.time.Duration length) {
            this.length = length;
        }
    }
}
