package io.cipherocto.market.job;

import io.cipherocto.market.core.scalar.EvmAddress;
import io.vertx.mutiny.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** A registered compute operator. */
@Type("JobOperator")
@Description("A compute operator: its staked wallet (which signs attestations), its capacity and its record. "
        + "reputation = 2·completed − failed − 5·abandoned.")
public record JobOperator(
        @NonNull @Id UUID participantId,
        @NonNull EvmAddress wallet,
        @NonNull String gpuClass,
        @NonNull int memoryGb,
        @NonNull int completed,
        @NonNull int failed,
        @NonNull @Description("Leases it let lapse (each requeued the job).") int abandoned,
        @NonNull int reputation,
        @NonNull OffsetDateTime registeredAt) {

    static final String COLUMNS = "o.participant_id, o.wallet, o.gpu_class, o.memory_gb, o.completed, o.failed, "
            + "o.abandoned, o.reputation, o.registered_at";

    static JobOperator of(Row r) {
        return new JobOperator(r.getUUID("participant_id"), new EvmAddress(r.getString("wallet")),
                r.getString("gpu_class"), r.getInteger("memory_gb"), r.getInteger("completed"), r.getInteger("failed"),
                r.getInteger("abandoned"), r.getInteger("reputation"), r.getOffsetDateTime("registered_at"));
    }
}
