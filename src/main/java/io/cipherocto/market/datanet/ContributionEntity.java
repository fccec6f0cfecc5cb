package io.cipherocto.market.datanet;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A contribution as its commands change it (write model); every state change goes through {@link #moveTo}. */
@Entity
@Table(name = "contribution")
public class ContributionEntity {

    @Id
    public UUID id;

    @Column(name = "datanet_id", nullable = false)
    public UUID datanetId;

    @Column(name = "contributor_id", nullable = false)
    public UUID contributorId;

    @Column(nullable = false)
    public String wallet;

    @Column(name = "content_hash", nullable = false)
    public String contentHash;

    @Column(name = "storage_uri", nullable = false)
    public String storageUri;

    @Column(name = "byte_size", nullable = false)
    public long byteSize;

    @Column(nullable = false)
    public String licence;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ContributionState state;

    @Column(nullable = false, precision = 78, scale = 0)
    public BigInteger bond;

    @Column(name = "challenge_window_seconds", nullable = false)
    public long challengeWindowSeconds;

    @Column(name = "challenge_deposit", nullable = false, precision = 78, scale = 0)
    public BigInteger challengeDeposit;

    @Column(name = "slash_share_bps", nullable = false)
    public int slashShareBps;

    @Column(name = "challenger_reward_bps", nullable = false)
    public int challengerRewardBps;

    @Column(name = "submitted_at", nullable = false)
    public OffsetDateTime submittedAt;

    @Column(name = "reviewed_by")
    public UUID reviewedBy;

    @Column(name = "reviewed_at")
    public OffsetDateTime reviewedAt;

    @Column(name = "challenge_ends_at")
    public OffsetDateTime challengeEndsAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "rejection_reason")
    public RejectionReason rejectionReason;

    @Column(name = "rejection_note")
    public String rejectionNote;

    @Column(name = "slash_amount", precision = 78, scale = 0)
    public BigInteger slashAmount;

    @Column(name = "slash_reason_hash")
    public String slashReasonHash;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    DatanetTerms terms() {
        return new DatanetTerms(io.cipherocto.market.core.scalar.TokenAmount.of(bond), challengeWindowSeconds,
                io.cipherocto.market.core.scalar.TokenAmount.of(challengeDeposit), slashShareBps, challengerRewardBps);
    }

    /** The bond's reference in staking. */
    String bondReference() {
        return "contribution:" + id;
    }

    /** Changes state if the transition is legal; CONFLICT {@code ILLEGAL_TRANSITION} otherwise. */
    ContributionState moveTo(ContributionState next, OffsetDateTime at) {
        if (!state.canMoveTo(next)) {
            throw ContributionRefused.illegal(id, state, next);
        }
        ContributionState from = state;
        state = next;
        updatedAt = at;
        return from;
    }
}
