package io.cipherocto.market.partner;

import io.cipherocto.market.identity.Caller;
import io.cipherocto.market.identity.PartnerTier;
import java.util.Optional;
import org.eclipse.microprofile.graphql.Description;

/** Whom a line of the access policy is for: anonymous callers, participants without a partner tier, each tier. */
@Description("Whom a line of the access policy is for: anonymous callers, participants without a partner tier, and "
        + "each partner tier (from the token's `partner_tier`).")
public enum Audience {
    ANONYMOUS, PARTICIPANT, COMMUNITY, INTEGRATION, STRATEGIC;

    public static Audience of(PartnerTier tier) {
        return tier == null ? PARTICIPANT : valueOf(tier.name());
    }

    /** The audience of a caller (empty: anonymous). */
    public static Audience of(Optional<Caller> caller) {
        return caller.map(c -> of(c.partnerTier().orElse(null))).orElse(ANONYMOUS);
    }
}
