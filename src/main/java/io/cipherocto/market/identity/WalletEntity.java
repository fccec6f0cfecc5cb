package io.cipherocto.market.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A wallet linked to a participant (write model). */
@Entity
@Table(name = "wallet")
public class WalletEntity {

    @Id
    public String address;

    @Column(name = "participant_id", nullable = false)
    public UUID participantId;

    @Column(name = "linked_at", nullable = false)
    public OffsetDateTime linkedAt;
}
