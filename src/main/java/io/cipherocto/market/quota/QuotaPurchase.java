package io.cipherocto.market.quota;

import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.core.scalar.TokenAmount;
import io.vertx.mutiny.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** A slice of a quota listing bought by one buyer; its price sits in the buyer's escrow until usage or refund. */
@Type("QuotaPurchase")
@Description("Tokens of a quota listing reserved for one buyer. The price sits in the buyer's escrow; usage the "
        + "seller's gateway reports releases its share to the seller (less the platform fee); what is unused at "
        + "cancellation or expiry is refunded. Token counts are decimal strings.")
public record QuotaPurchase(
        @NonNull @Id UUID id,
        @NonNull @Id UUID listingId,
        @Ignore UUID buyerId,
        @NonNull String tokens,
        @NonNull @Description("ceil(tokens × pricePerMillion / 1,000,000), held in escrow at purchase.") TokenAmount price,
        @NonNull @Description("Platform fee on releases, fixed at purchase (basis points).") int feeBps,
        @NonNull @Description("Tokens the seller's gateway reported as delivered.") String usedTokens,
        @NonNull @Description("Released from escrow so far: floor(price × usedTokens / tokens); the seller got it "
                + "less fee.") TokenAmount released,
        @NonNull @Description("The platform's part of released: floor(released × feeBps / 10000).") TokenAmount fee,
        @NonNull @Description("Returned to the buyer at close: price − released.") TokenAmount refunded,
        @NonNull QuotaPurchaseStatus status,
        QuotaCloseReason closeReason,
        @NonNull @Description("The buyer's idempotency key of the purchase.") String idempotencyKey,
        @NonNull OffsetDateTime createdAt,
        OffsetDateTime closedAt) {

    static final String COLUMNS = "p.id, p.listing_id, p.buyer_id, p.tokens, p.price, p.fee_bps, p.used_tokens, "
            + "p.released, p.fee, p.refunded, p.status, p.close_reason, p.idempotency_key, p.created_at, p.closed_at";

    static QuotaPurchase of(Row r) {
        String reason = r.getString("close_reason");
        return new QuotaPurchase(r.getUUID("id"), r.getUUID("listing_id"), r.getUUID("buyer_id"),
                Long.toString(r.getLong("tokens")), Rows.tokenAmount(r, "price"), r.getInteger("fee_bps"),
                Long.toString(r.getLong("used_tokens")), Rows.tokenAmount(r, "released"), Rows.tokenAmount(r, "fee"),
                Rows.tokenAmount(r, "refunded"), QuotaPurchaseStatus.valueOf(r.getString("status")),
                reason == null ? null : QuotaCloseReason.valueOf(reason), r.getString("idempotency_key"),
                r.getOffsetDateTime("created_at"), r.getOffsetDateTime("closed_at"));
    }

    @Enum("QuotaPurchaseStatus")
    public enum QuotaPurchaseStatus {
        OPEN, CLOSED
    }

    @Enum("QuotaCloseReason")
    public enum QuotaCloseReason {
        @Description("Every token was reported as used.") USED_UP,
        @Description("The buyer cancelled; the unused part was refunded.") CANCELLED,
        @Description("The listing expired; the unused part was refunded.") EXPIRED
    }
}
