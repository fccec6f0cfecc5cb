package io.cipherocto.market.quota;

import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.core.scalar.TokenAmount;
import io.vertx.mutiny.sqlclient.Row;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** Resold AI-provider quota on offer: capacity delivered at the seller's gateway, never a credential. */
@Type("QuotaListing")
@Description("Unused AI-provider quota a seller resells (OCTO-W). It describes capacity only: delivery happens at the "
        + "seller's gateway (gatewayReference); no API key passes through this server. Token counts are decimal "
        + "strings.")
public record QuotaListing(
        @NonNull @Id UUID id,
        @Ignore UUID sellerId,
        @NonNull QuotaProvider provider,
        @NonNull String modelFamily,
        @NonNull String totalTokens,
        @NonNull @Description("Tokens still for sale.") String remainingTokens,
        @NonNull @Description("Price per million tokens; a purchase costs ceil(tokens × this / 1,000,000).")
        TokenAmount pricePerMillion,
        @NonNull @Description("What the provider charges per million tokens (the face value recovery is measured "
                + "against).") TokenAmount facePricePerMillion,
        @NonNull @Description("Smallest purchase, unless buying all that remains.") String minimumTokens,
        @NonNull OffsetDateTime expiresAt,
        @NonNull @Description("Where the seller's gateway delivers (a reference, never a credential).")
        String gatewayReference,
        @Description("The provider approval the seller attests (providers whose policy is REQUIRES_APPROVAL).")
        String approvalReference,
        @NonNull QuotaListingStatus status,
        @NonNull OffsetDateTime createdAt,
        @NonNull @Description("A partner's private listing: seen only by its seller's partner organisation.")
        boolean partnerOnly) {

    static final String COLUMNS = "l.id, l.seller_id, l.provider, l.model_family, l.total_tokens, l.remaining_tokens, "
            + "l.price_per_million, l.face_price_per_million, l.minimum_tokens, l.expires_at, l.gateway_reference, "
            + "l.approval_reference, l.status, l.created_at, l.partner_only";

    static QuotaListing of(Row r) {
        return new QuotaListing(r.getUUID("id"), r.getUUID("seller_id"), QuotaProvider.valueOf(r.getString("provider")),
                r.getString("model_family"), Long.toString(r.getLong("total_tokens")),
                Long.toString(r.getLong("remaining_tokens")), Rows.tokenAmount(r, "price_per_million"),
                Rows.tokenAmount(r, "face_price_per_million"), Long.toString(r.getLong("minimum_tokens")),
                r.getOffsetDateTime("expires_at"), r.getString("gateway_reference"), r.getString("approval_reference"),
                QuotaListingStatus.valueOf(r.getString("status")), r.getOffsetDateTime("created_at"),
                r.getBoolean("partner_only"));
    }

    @Ignore
    BigInteger price() {
        return pricePerMillion.value();
    }
}
