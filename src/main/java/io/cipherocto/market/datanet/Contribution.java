package io.cipherocto.market.datanet;

import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.core.scalar.EvmAddress;
import io.cipherocto.market.core.scalar.TokenAmount;
import io.vertx.mutiny.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** A submission to a datanet: a content hash and where the data lives (the data itself stays off-chain). */
@Type("Contribution")
@Description("Data submitted to a datanet: only its SHA-256 and storage URI are recorded; the data stays at its "
        + "owner's storage. In a GATED datanet only readers with access see contributions.")
public record Contribution(
        @NonNull @Id UUID id,
        @NonNull @Id @Description("The datanet it was submitted to.") UUID datanetId,
        @Ignore UUID contributorId,
        @NonNull @Description("Linked wallet whose stake backs the bond.") EvmAddress wallet,
        @NonNull @Description("SHA-256 of the data, lower-case hex.") String contentHash,
        @NonNull String storageUri,
        @NonNull @Description("Size of the data in bytes (decimal string).") String byteSize,
        @NonNull String licence,
        @NonNull ContributionState state,
        @NonNull @Description("The datanet's terms when it was submitted; they govern it to the end.") DatanetTerms terms,
        @NonNull OffsetDateTime submittedAt,
        @Description("When a curator accepted or rejected it.") OffsetDateTime reviewedAt,
        @Description("Until when it may be challenged (set on acceptance).") OffsetDateTime challengeEndsAt,
        @Description("Why it was rejected (also MALICIOUS when found malicious).") RejectionReason rejectionReason,
        String rejectionNote,
        @Description("What the malicious verdict slashes from the wallet's stake.") TokenAmount slashAmount,
        @Ignore String slashReasonHash,
        @NonNull OffsetDateTime updatedAt) {

    static final String COLUMNS = "c.id, c.datanet_id, c.contributor_id, c.wallet, c.content_hash, c.storage_uri, "
            + "c.byte_size, c.licence, c.state, c.bond, c.challenge_window_seconds, c.challenge_deposit, "
            + "c.slash_share_bps, c.challenger_reward_bps, c.submitted_at, c.reviewed_at, c.challenge_ends_at, "
            + "c.rejection_reason, c.rejection_note, c.slash_amount, c.slash_reason_hash, c.updated_at";

    static Contribution of(Row r) {
        String reason = r.getString("rejection_reason");
        return new Contribution(r.getUUID("id"), r.getUUID("datanet_id"), r.getUUID("contributor_id"),
                EvmAddress.of(r.getString("wallet")), r.getString("content_hash"), r.getString("storage_uri"),
                Long.toString(r.getLong("byte_size")), r.getString("licence"),
                ContributionState.valueOf(r.getString("state")),
                new DatanetTerms(Rows.tokenAmount(r, "bond"), r.getLong("challenge_window_seconds"),
                        Rows.tokenAmount(r, "challenge_deposit"), r.getInteger("slash_share_bps"),
                        r.getInteger("challenger_reward_bps")),
                r.getOffsetDateTime("submitted_at"), r.getOffsetDateTime("reviewed_at"),
                r.getOffsetDateTime("challenge_ends_at"), reason == null ? null : RejectionReason.valueOf(reason),
                r.getString("rejection_note"),
                r.getValue("slash_amount") == null ? null : Rows.tokenAmount(r, "slash_amount"),
                r.getString("slash_reason_hash"), r.getOffsetDateTime("updated_at"));
    }
}
