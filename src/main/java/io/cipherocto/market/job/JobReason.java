package io.cipherocto.market.job;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

/** Why a job is in its state: machine-readable, one per kind of move. */
@Enum("JobReason")
@Description("Why a job moved to its state.")
public enum JobReason {
    @Description("Submitted and escrowed.") SUBMITTED,
    @Description("An operator claimed it.") CLAIMED,
    @Description("The operator's first heartbeat started it.") STARTED,
    @Description("A heartbeat arrived while it was STALLED.") RESUMED,
    @Description("The operator's lease ran out before it started, or while STALLED: back in the queue.") LEASE_EXPIRED,
    @Description("No heartbeat before the lease ran out while RUNNING.") HEARTBEAT_MISSED,
    @Description("Nobody ran it before queueExpiresAt; refunded.") QUEUE_TIMEOUT,
    @Description("Requeued too often (octo.jobs.max-attempts); refunded.") TOO_MANY_ATTEMPTS,
    @Description("Ran past startedAt + maxDuration; the operator is paid its metered usage, the rest refunded.")
    MAX_DURATION,
    @Description("Metered usage reached the budget; the operator is paid the budget.") BUDGET_EXHAUSTED,
    @Description("The consumer cancelled.") CANCELLED_BY_CONSUMER,
    @Description("An admin cancelled.") CANCELLED_BY_ADMIN,
    @Description("The operator attested success.") COMPLETED,
    @Description("The operator attested failure.") OPERATOR_FAILED
}
