package io.cipherocto.market.partner;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

/** The seed's enterprise programme tiers, each with a minimum commitment ({@link PartnerConfig}). */
@Enum("EnterpriseProgramme")
@Description("Enterprise programme (seed: Fortune 500 integration) with its minimum commitment; NONE = not in one.")
public enum EnterpriseProgramme {
    @Description("Not in an enterprise programme; no commitment.") NONE,
    @Description("Early adopter: discounts, co-development (seed: $100K+ commit).") DESIGN_PARTNER,
    @Description("Multi-year: custom integrations, support (seed: $500K+ commit).") STRATEGIC_PARTNER,
    @Description("Board seat: strategic direction, priority (seed: $1M+ commit).") FOUNDATION_PARTNER
}
