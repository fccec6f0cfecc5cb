package io.cipherocto.market.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A one-time wallet-linking message (write model). */
@Entity
@Table(name = "wallet_challenge")
public class WalletChallengeEntity {

    @Id
    public String nonce;

    @Column(name = "participant_id", nullable = false)
    public UUID participantId;

    @Column(nullable = false)
    public String address;

    @Column(nullable = false)
    public String message;

    @Column(name = "issued_at", nullable = false)
    public OffsetDateTime issuedAt;

    @Column(name = "expires_at", nullable = false)
    public OffsetDateTime expiresAt;

    @Column(name = "used_at")
    public OffsetDateTime usedAt;
}
