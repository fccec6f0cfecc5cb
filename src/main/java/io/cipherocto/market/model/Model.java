package io.cipherocto.market.model;

import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.core.scalar.TokenAmount;
import io.cipherocto.market.identity.Participant;
import io.cipherocto.market.identity.ParticipantService;
import io.vertx.mutiny.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** One version of a model: its manifest (immutable), its price and its catalogue metadata. */
@Type("Model")
@Description("One version of a model. A fine-tune is a version of its own whose parent is the version it was derived "
        + "from. The manifest (name, version, base model, weights hash, training datanets) never changes.")
public record Model(
        @NonNull @Id UUID id,
        @NonNull String name,
        @NonNull String version,
        @NonNull @Description("The foundation model it builds on, e.g. \"llama-3-8b\".") String baseModel,
        @NonNull String licence,
        @NonNull @Description("SHA-256 of the weights, lower-case hex.") String weightsHash,
        @NonNull String description,
        @NonNull @Description("Lower-case tags.") List<@NonNull String> tags,
        @NonNull TokenAmount pricePerInference,
        @NonNull @Description("Released to partners early (who sees it is the access policy's business).")
        boolean earlyAccess,
        @NonNull @Description("A partner's private listing: visible only to its owner, admins and participants of the "
                + "owner's partner organisation.") boolean partnerOnly,
        @Description("The compute job that produced a fine-tune, when the owner named one.") String jobReference,
        @NonNull OffsetDateTime createdAt,
        @NonNull OffsetDateTime updatedAt,
        @Ignore UUID ownerId,
        @Ignore UUID parentId,
        @Ignore Participant loadedOwner) {

    /** Where a statement joins the owner, its columns are named with this prefix (see {@link #of}). */
    static final String OWNER_PREFIX = "o_";

    /** The columns {@link #of} reads, from the table aliased {@code m} (and, where joined, its owner's). */
    static final String COLUMNS = "m.id, m.name, m.version, m.base_model, m.licence, m.weights_hash, m.description, "
            + "m.tags, m.price_per_inference, m.early_access, m.partner_only, m.job_reference, m.created_at, m.updated_at, m.owner_id, "
            + "m.parent_id";

    static Model of(Row row) {
        return new Model(row.getUUID("id"), row.getString("name"), row.getString("version"),
                row.getString("base_model"), row.getString("licence"), row.getString("weights_hash"),
                row.getString("description"), List.of(row.getArrayOfStrings("tags")),
                Rows.tokenAmount(row, "price_per_inference"), row.getBoolean("early_access"),
                row.getBoolean("partner_only"),
                row.getString("job_reference"), row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("updated_at"), row.getUUID("owner_id"), row.getUUID("parent_id"),
                row.getColumnIndex(OWNER_PREFIX + "id") < 0 ? null
                        : ParticipantService.toParticipant(row, OWNER_PREFIX));
    }
}
