package io.cipherocto.market.agent;

import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.core.scalar.TokenAmount;
import io.vertx.mutiny.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** One usage report of an agent, as billed. */
@Type("AgentUsage")
@Description("One usage report, as billed: amount = pricePerCall × calls; commission = amount × commissionBps / 10000 "
        + "rounded down, to the platform; ownerShare = amount − commission, to the agent's owner.")
public record AgentUsage(
        @NonNull @Id UUID id,
        @NonNull @Description("The gateway's key: the same key never bills twice.") String idempotencyKey,
        @NonNull int calls,
        @NonNull @Description("The agent's price when the usage was billed.") TokenAmount pricePerCall,
        @NonNull TokenAmount amount,
        @NonNull int commissionBps,
        @NonNull TokenAmount commission,
        @NonNull TokenAmount ownerShare,
        @NonNull OffsetDateTime recordedAt,
        @Ignore UUID agentId,
        @Ignore UUID consumerId) {

    /** The columns {@link #of} reads, from the table aliased {@code u}. */
    static final String COLUMNS = "u.id, u.idempotency_key, u.calls, u.price_per_call, u.amount, u.commission_bps, "
            + "u.commission, u.recorded_at, u.agent_id, u.consumer_id";

    static AgentUsage of(Row row) {
        TokenAmount amount = Rows.tokenAmount(row, "amount");
        TokenAmount commission = Rows.tokenAmount(row, "commission");
        return new AgentUsage(row.getUUID("id"), row.getString("idempotency_key"),
                Math.toIntExact(row.getLong("calls")),
                Rows.tokenAmount(row, "price_per_call"), amount, row.getInteger("commission_bps"), commission,
                TokenAmount.of(amount.value().subtract(commission.value())), row.getOffsetDateTime("recorded_at"),
                row.getUUID("agent_id"), row.getUUID("consumer_id"));
    }
}
