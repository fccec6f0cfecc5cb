package io.cipherocto.market.settlement;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A withdrawal as settlement records it (write model): queued with its payout, then paid. */
@Entity
@Table(name = "withdrawal")
public class WithdrawalEntity {

    /** Settlement's own state; how far the payout transaction has got is the chain outbox's. */
    public enum Status {
        /** Debited from available funds into escrow; the payout is queued on chain. */
        QUEUED,
        /** The Payout event is mirrored: the funds are in the wallet. */
        PAID
    }

    @Id
    public UUID id;

    @Column(name = "participant_id", nullable = false)
    public UUID participantId;

    @Column(nullable = false)
    public String wallet;

    @Column(nullable = false, precision = 78, scale = 0)
    public BigInteger amount;

    @Column(nullable = false, precision = 78, scale = 0)
    public BigInteger fee;

    @Column(name = "payout_reference", nullable = false)
    public String payoutReference;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "paid_at")
    public OffsetDateTime paidAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    void paid(OffsetDateTime at) {
        status = Status.PAID;
        paidAt = at;
        updatedAt = at;
    }

    /** A reorg removed the Payout event: queued again until the payout is mined anew. */
    void unpaid(OffsetDateTime at) {
        status = Status.QUEUED;
        paidAt = null;
        updatedAt = at;
    }
}
