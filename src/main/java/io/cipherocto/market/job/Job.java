package io.cipherocto.market.job;

import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.core.scalar.TokenAmount;
import io.vertx.mutiny.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** A compute job as its consumer, its operator and admins see it. */
@Type("Job")
@Description("A compute job. Its budget sits in the consumer's escrow until it ends: SUCCEEDED pays the operator "
        + "its charge less the platform fee; CANCELLED and EXPIRED after running pay the metered usage (spent); "
        + "FAILED and anything that never ran refund everything. Visible to its consumer, its operator and admins.")
public record Job(
        @NonNull @Id UUID id,
        @NonNull JobKind kind,
        @Id UUID modelId,
        @NonNull @Description("Ids of the datanets it uses.") List<@NonNull String> datanetIds,
        @NonNull String gpuClass,
        @NonNull int memoryGb,
        @NonNull int maxDurationSeconds,
        @NonNull TokenAmount budget,
        @NonNull @Description("Metered usage the operator reported (never above the budget).") TokenAmount spent,
        @NonNull @Description("Platform fee on the operator's payment, basis points (fixed at submission).") int feeBps,
        @NonNull JobState state,
        @NonNull @Description("Why it is in its state.") JobReason reason,
        @NonNull @Description("Since when it is in its state.") OffsetDateTime since,
        @Description("When the current state runs out and the job moves on by itself (null once it ended).")
        OffsetDateTime deadline,
        @NonNull OffsetDateTime queueExpiresAt,
        @NonNull @Description("How often it was claimed.") int attempts,
        @NonNull @Description("0-100, as the operator reported it.") int progress,
        OffsetDateTime heartbeatAt,
        OffsetDateTime startedAt,
        @Description("A hex SHA-256 of the result, from the attestation.") String resultHash,
        @NonNull @Description("Paid to the operator (gross, fee included).") TokenAmount paid,
        @NonNull TokenAmount fee,
        @NonNull @Description("Refunded to the consumer.") TokenAmount refunded,
        @NonNull OffsetDateTime createdAt,
        OffsetDateTime finishedAt,
        @Ignore UUID consumerId,
        @Ignore UUID operatorId) {

    static final String COLUMNS = "j.id, j.kind, j.consumer_id, j.model_id, j.datanet_ids, j.gpu_class, j.memory_gb, "
            + "j.max_duration_seconds, j.budget, j.spent, j.fee_bps, j.state, j.reason, j.since, j.deadline, "
            + "j.queue_expires_at, j.operator_id, j.attempts, j.progress, j.heartbeat_at, j.started_at, j.result_hash, "
            + "j.paid, j.fee, j.refunded, j.created_at, j.finished_at";

    static Job of(Row r) {
        UUID[] datanets = r.getArrayOfUUIDs("datanet_ids");
        return new Job(r.getUUID("id"), JobKind.valueOf(r.getString("kind")), r.getUUID("model_id"),
                datanets == null ? List.of() : Arrays.stream(datanets).map(UUID::toString).toList(), r.getString("gpu_class"),
                r.getInteger("memory_gb"), r.getInteger("max_duration_seconds"), Rows.tokenAmount(r, "budget"),
                Rows.tokenAmount(r, "spent"), r.getInteger("fee_bps"), JobState.valueOf(r.getString("state")),
                JobReason.valueOf(r.getString("reason")), r.getOffsetDateTime("since"),
                r.getOffsetDateTime("deadline"), r.getOffsetDateTime("queue_expires_at"), r.getInteger("attempts"),
                r.getInteger("progress"), r.getOffsetDateTime("heartbeat_at"), r.getOffsetDateTime("started_at"),
                r.getString("result_hash"), Rows.tokenAmount(r, "paid"), Rows.tokenAmount(r, "fee"),
                Rows.tokenAmount(r, "refunded"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("finished_at"),
                r.getUUID("consumer_id"), r.getUUID("operator_id"));
    }
}
