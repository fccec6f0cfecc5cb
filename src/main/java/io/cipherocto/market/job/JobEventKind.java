package io.cipherocto.market.job;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

@Enum("JobEventKind")
@Description("What a job event says. RESYNC is never stored: it tells a subscriber its cursor is older than the "
        + "retention window, so it must refetch the job (and jobEvents) and go on from the RESYNC event's cursor.")
public enum JobEventKind {
    @Description("The cursor was older than the retention window: refetch state, then continue from this cursor.")
    RESYNC,
    @Description("The job was submitted (state QUEUED).") SUBMITTED,
    @Description("The job moved to another state (see state, previousState, reason).") STATE_CHANGED,
    @Description("The operator reported progress or metered usage.") PROGRESS,
    @Description("The operator appended log lines.") LOG,
    @Description("Metered usage reached octo.jobs.budget-low-bps of the budget: top up or expect a stop.") BUDGET_LOW,
    @Description("Money moved for the job (see payment).") PAYMENT
}
