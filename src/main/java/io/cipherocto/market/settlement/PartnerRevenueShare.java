package io.cipherocto.market.settlement;

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

/** One partner-sourced sale and the revenue share it earned the organisation. */
@Type("PartnerRevenueShare")
@Description("A sale attributed to a partner organisation (its buyer was a member) and the share of the platform fee "
        + "it earned: floor(platformFee × revenueShareBps / 10000), in the sale's own ledger transaction.")
public record PartnerRevenueShare(
        @NonNull @Id @Description("The sale's ledger transaction.") UUID transactionId,
        @NonNull TransactionKind transactionKind,
        @NonNull @Id @Description("The member who bought.") UUID buyerId,
        @NonNull @Description("The organisation's tier when the sale was posted.") PartnerTier tier,
        @NonNull @Description("The access-policy version in force when the sale was posted.") Integer policyVersion,
        @NonNull @Description("That version's revenue share for the tier, in basis points.") Integer revenueShareBps,
        @NonNull @Description("The platform's fee on the sale before the share.") TokenAmount platformFee,
        @NonNull @Description("What the organisation earned (zero for a tier without revenue share).")
        TokenAmount share,
        @NonNull OffsetDateTime createdAt) {

    static final String COLUMNS = "s.transaction_id, t.kind, s.buyer_id, s.tier, s.policy_version, "
            + "s.revenue_share_bps, s.platform_fee, s.share, s.created_at";

    static PartnerRevenueShare of(Row row) {
        return new PartnerRevenueShare(row.getUUID("transaction_id"), TransactionKind.valueOf(row.getString("kind")),
                row.getUUID("buyer_id"), PartnerTier.valueOf(row.getString("tier")), row.getInteger("policy_version"),
                row.getInteger("revenue_share_bps"), Rows.tokenAmount(row, "platform_fee"),
                Rows.tokenAmount(row, "share"), row.getOffsetDateTime("created_at"));
    }
}
