package io.cipherocto.market.partner;

import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.core.scalar.TokenAmount;
import io.cipherocto.market.identity.PartnerTier;
import io.vertx.mutiny.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** A partner organisation: who it is, its tier and programme, and where it is in the partnership lifecycle. */
@Type("PartnerOrganisation")
@Description("A partner organisation. Its members are the participants whose token claim partner_id equals "
        + "partnerId. Readable by admins and by its members.")
public record PartnerOrganisation(
        @NonNull @Id UUID id,
        @NonNull @Description("The token claim partner_id its members carry; unique, fixed at creation.")
        String partnerId,
        @NonNull String name,
        @NonNull @Description("An http or https URL.") String website,
        @NonNull PartnerCategory category,
        @NonNull PartnerTier tier,
        @NonNull EnterpriseProgramme programme,
        @Description("Committed under the programme (base units); null exactly when programme is NONE.")
        TokenAmount commitment,
        @NonNull PartnerStage stage,
        @NonNull @Description("When it entered its current stage.") OffsetDateTime stageSince,
        @NonNull OffsetDateTime createdAt,
        @NonNull OffsetDateTime updatedAt) {

    static final String COLUMNS = "o.id, o.partner_id, o.name, o.website, o.category, o.tier, o.programme, "
            + "o.commitment, o.stage, o.stage_since, o.created_at, o.updated_at";

    static PartnerOrganisation of(Row row) {
        return new PartnerOrganisation(row.getUUID("id"), row.getString("partner_id"), row.getString("name"),
                row.getString("website"), PartnerCategory.valueOf(row.getString("category")),
                PartnerTier.valueOf(row.getString("tier")), EnterpriseProgramme.valueOf(row.getString("programme")),
                Rows.tokenAmount(row, "commitment"), PartnerStage.valueOf(row.getString("stage")),
                row.getOffsetDateTime("stage_since"), row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("updated_at"));
    }
}
