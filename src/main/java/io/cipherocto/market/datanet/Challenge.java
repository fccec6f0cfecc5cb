package io.cipherocto.market.datanet;

import io.cipherocto.market.core.scalar.TokenAmount;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** A challenge against an accepted contribution. */
@Type("Challenge")
@Description("A challenge against an accepted contribution, backed by the challenger's deposit.")
public record Challenge(
        @NonNull @Id UUID id,
        @Ignore UUID contributionId,
        @Ignore UUID challengerId,
        @NonNull RejectionReason reason,
        String note,
        @NonNull @Description("Locked from the challenger's available funds while open.") TokenAmount deposit,
        @NonNull ChallengeStatus status,
        @NonNull OffsetDateTime openedAt,
        OffsetDateTime resolvedAt,
        String resolutionNote,
        @Description("The challenger's share of the slash, credited when the slash is mirrored (upheld only).")
        TokenAmount reward) {

    /** Where a challenge stands. */
    public enum ChallengeStatus {
        /** Waiting for a curator other than the one who accepted. */
        OPEN,
        /** The contribution was malicious: deposit returned, reward paid from the slash. */
        UPHELD,
        /** The contribution stands: the deposit went to the contributor. */
        DISMISSED
    }
}
