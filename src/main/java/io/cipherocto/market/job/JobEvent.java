package io.cipherocto.market.job;

import io.cipherocto.market.core.scalar.TokenAmount;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** One entry of a job's append-only history, as the feed and {@code jobEvents} show it. */
@Type("JobEvent")
@Description("One change of a job, in commit-safe order. Keep `cursor`: subscribing again with it as `after` "
        + "delivers every later event exactly once, in order. `job` is the job as it is now.")
public record JobEvent(
        @NonNull @Description("Opaque position of this event: pass it as `after` to resume just past it.") String cursor,
        @NonNull JobEventKind kind,
        @Id @Description("Null only for RESYNC.") UUID jobId,
        @Description("The job's state after this event (null for RESYNC).") JobState state,
        @Description("STATE_CHANGED: the state before.") JobState previousState,
        @Description("STATE_CHANGED: why.") JobReason reason,
        @Description("A human-readable note (a cancellation's reason, a failure message).") String message,
        @Description("PROGRESS: 0-100.") Integer progress,
        @Description("PROGRESS and BUDGET_LOW: metered usage so far.") TokenAmount spent,
        @Description("LOG: the lines appended.") List<@NonNull String> logLines,
        @Description("PAYMENT: what moved.") JobPayment payment,
        @NonNull OffsetDateTime occurredAt,
        @Ignore EventPosition position,
        @Ignore UUID consumerId,
        @Ignore UUID operatorId,
        @Ignore String gpuClass,
        @Ignore int memoryGb) {

    static final String COLUMNS = "e.tx::text AS tx, e.seq, e.job_id, e.consumer_id, e.operator_id, e.state, "
            + "e.gpu_class, e.memory_gb, e.kind, e.data::text AS data, e.at";

    static JobEvent of(Row r) {
        JsonObject data = new JsonObject(r.getString("data"));
        EventPosition position = new EventPosition(Long.parseLong(r.getString("tx")), r.getLong("seq"));
        JsonObject payment = data.getJsonObject("payment");
        JsonArray lines = data.getJsonArray("lines");
        return new JobEvent(position.cursor(), JobEventKind.valueOf(r.getString("kind")), r.getUUID("job_id"),
                JobState.valueOf(r.getString("state")), enumOf(JobState.class, data.getString("previousState")),
                enumOf(JobReason.class, data.getString("reason")), data.getString("message"),
                data.getInteger("progress"), amount(data.getString("spent")),
                lines == null ? null : lines.stream().map(String::valueOf).toList(),
                payment == null ? null : new JobPayment(JobPayment.Kind.valueOf(payment.getString("kind")),
                        amount(payment.getString("amount")), uuid(payment.getString("participantId")),
                        JobPayment.Finality.valueOf(payment.getString("finality"))),
                r.getOffsetDateTime("at"), position, r.getUUID("consumer_id"), r.getUUID("operator_id"),
                r.getString("gpu_class"), r.getInteger("memory_gb"));
    }

    /** The RESYNC marker: the subscriber's cursor is gone; it goes on from {@code from}. */
    static JobEvent resync(EventPosition from, OffsetDateTime now) {
        return new JobEvent(from.cursor(), JobEventKind.RESYNC, null, null, null, null,
                "the cursor is older than the retention window: refetch, then continue from this cursor", null, null,
                null, null, now, from, null, null, null, 0);
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String name) {
        return name == null ? null : Enum.valueOf(type, name);
    }

    private static TokenAmount amount(String value) {
        return value == null ? null : TokenAmount.of(new BigInteger(value));
    }

    private static UUID uuid(String value) {
        return value == null ? null : UUID.fromString(value);
    }
}
