package io.cipherocto.market.datanet;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

/** Where a contribution stands; {@link #canMoveTo} is the one table of legal transitions. */
@Enum("ContributionState")
@Description("Where a contribution stands. PENDING → ACCEPTED → FINAL; PENDING → REJECTED; PENDING (malicious) → "
        + "SLASHING → SLASHED; ACCEPTED → CHALLENGED → FINAL (dismissed) | SLASHING (upheld) → SLASHED.")
public enum ContributionState {
    /** Submitted, bond held, waiting for a curator. */
    PENDING,
    /** Accepted by a curator; anyone with stake may challenge until the window closes. */
    ACCEPTED,
    /** A challenge is open; a curator other than the one who accepted resolves it. */
    CHALLENGED,
    /** The window passed or the challenge was dismissed; the bond is released. */
    FINAL,
    /** Rejected without malice; the bond is released and a corrected version may be submitted. */
    REJECTED,
    /** Found malicious; the slash is on its way to the chain (see `slash` for its progress). */
    SLASHING,
    /** The slash is mined and mirrored; the bond is consumed. */
    SLASHED;

    private static final Map<ContributionState, Set<ContributionState>> NEXT = Map.of(
            PENDING, EnumSet.of(ACCEPTED, REJECTED, SLASHING),
            ACCEPTED, EnumSet.of(CHALLENGED, FINAL),
            CHALLENGED, EnumSet.of(FINAL, SLASHING),
            SLASHING, EnumSet.of(SLASHED),
            // a reorg can remove the mirrored slash: back to waiting for it
            SLASHED, EnumSet.of(SLASHING),
            FINAL, EnumSet.noneOf(ContributionState.class),
            REJECTED, EnumSet.noneOf(ContributionState.class));

    public boolean canMoveTo(ContributionState next) {
        return NEXT.get(this).contains(next);
    }

    /** States in which the contribution's bond is held. */
    public boolean holdsBond() {
        return this == PENDING || this == ACCEPTED || this == CHALLENGED || this == SLASHING;
    }
}
