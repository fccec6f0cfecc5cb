package io.cipherocto.market.job;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

/** The life of a job; {@link #canMoveTo} is the one table of legal moves. */
@Enum("JobState")
@Description("QUEUED → ASSIGNED → RUNNING → SUCCEEDED | FAILED | CANCELLED | EXPIRED; RUNNING ⇄ STALLED when "
        + "heartbeats stop. Every non-terminal state has a deadline after which the job moves on by itself.")
public enum JobState {
    @Description("Waiting for an operator; expires (refunded) at queueExpiresAt.") QUEUED,
    @Description("An operator claimed it; its lease runs out at deadline unless a heartbeat starts it.") ASSIGNED,
    @Description("Running; each heartbeat extends the lease (never past startedAt + maxDuration).") RUNNING,
    @Description("The lease ran out without a heartbeat; a heartbeat resumes it, otherwise it is requeued at deadline.")
    STALLED,
    @Description("Finished with a verified attestation; the operator was paid.") SUCCEEDED,
    @Description("The operator reported failure (attested); the consumer was refunded.") FAILED,
    @Description("Cancelled by the consumer, an admin or an exhausted budget.") CANCELLED,
    @Description("Ran out of time (queue, attempts or maximum duration).") EXPIRED;

    private static final Map<JobState, Set<JobState>> MOVES = Map.of(
            QUEUED, EnumSet.of(ASSIGNED, CANCELLED, EXPIRED),
            ASSIGNED, EnumSet.of(RUNNING, QUEUED, SUCCEEDED, FAILED, CANCELLED, EXPIRED),
            RUNNING, EnumSet.of(STALLED, SUCCEEDED, FAILED, CANCELLED, EXPIRED),
            STALLED, EnumSet.of(RUNNING, QUEUED, SUCCEEDED, FAILED, CANCELLED, EXPIRED),
            SUCCEEDED, EnumSet.noneOf(JobState.class),
            FAILED, EnumSet.noneOf(JobState.class),
            CANCELLED, EnumSet.noneOf(JobState.class),
            EXPIRED, EnumSet.noneOf(JobState.class));

    public boolean canMoveTo(JobState to) {
        return MOVES.get(this).contains(to);
    }

    public boolean terminal() {
        return MOVES.get(this).isEmpty();
    }

    /** Held by an operator: ASSIGNED, RUNNING or STALLED. */
    public boolean held() {
        return this == ASSIGNED || this == RUNNING || this == STALLED;
    }
}
