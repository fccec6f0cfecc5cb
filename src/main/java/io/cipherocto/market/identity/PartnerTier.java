package io.cipherocto.market.identity;

import java.util.Optional;

/** Partnership tiers, lowest first (seed: partnership strategy). Carried by the token claim {@code partner_tier}. */
public enum PartnerTier {
    COMMUNITY, INTEGRATION, STRATEGIC;

    /** The tier named by a token claim; an absent or unknown claim means no partner tier. */
    public static Optional<PartnerTier> fromClaim(String claim) {
        if (claim == null) {
            return Optional.empty();
        }
        String name = claim.trim().toUpperCase(java.util.Locale.ROOT);
        for (PartnerTier tier : values()) {
            if (tier.name().equals(name)) {
                return Optional.of(tier);
            }
        }
        return Optional.empty();
    }
}
