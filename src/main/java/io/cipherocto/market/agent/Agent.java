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

/** An agent listing: a service built on one or more models, priced per call. */
@Type("Agent")
@Description("A service built on one or more models, priced per call. Usage is reported by the agent's gateway and "
        + "billed to the consumer; the owner earns the price less the platform's commission.")
public record Agent(
        @NonNull @Id UUID id,
        @NonNull String name,
        @NonNull String description,
        @NonNull TokenAmount pricePerCall,
        @NonNull AgentStatus status,
        @NonNull OffsetDateTime createdAt,
        @NonNull OffsetDateTime updatedAt,
        @NonNull @Description("Built on an early-access model: visible only to those whose tier has early access "
                + "(and to its owner and admins).") Boolean earlyAccess,
        @Ignore UUID ownerId) {

    /** An agent is early access when any model it is built on is (table aliased {@code a}). */
    static final String EARLY_ACCESS = "EXISTS (SELECT 1 FROM agent_model eam JOIN model em ON em.id = eam.model_id "
            + "WHERE eam.agent_id = a.id AND em.early_access)";

    /** The columns {@link #of} reads, from the table aliased {@code a}. */
    static final String COLUMNS = "a.id, a.name, a.description, a.price_per_call, a.status, a.created_at, "
            + "a.updated_at, a.owner_id, " + EARLY_ACCESS + " AS early_access";

    static Agent of(Row row) {
        return new Agent(row.getUUID("id"), row.getString("name"), row.getString("description"),
                Rows.tokenAmount(row, "price_per_call"), AgentStatus.valueOf(row.getString("status")),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"), row.getBoolean("early_access"),
                row.getUUID("owner_id"));
    }
}
