package io.cipherocto.market.job;

import io.cipherocto.market.core.scalar.TokenAmount;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

@Input("JobHeartbeatInput")
@Description("The holding operator's heartbeat: starts an ASSIGNED job, resumes a STALLED one, extends the lease.")
public record HeartbeatInput(
        @NonNull @Id String jobId,
        @Description("0-100.") Integer progress,
        @Description("Metered usage so far (cumulative, never decreasing, at most the budget). Reaching the budget "
                + "stops the job: CANCELLED, BUDGET_EXHAUSTED.") TokenAmount spent,
        @Description("Log lines to append (at most 100 per heartbeat, 2,000 characters each).")
        List<String> log) {
}
