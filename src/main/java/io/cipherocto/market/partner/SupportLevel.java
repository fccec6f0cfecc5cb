package io.cipherocto.market.partner;

import org.eclipse.microprofile.graphql.Description;

/** Technical support a tier gets (seed: tier comparison). */
@Description("Technical support: community channels, standard (ticketed) or a dedicated contact.")
public enum SupportLevel {
    COMMUNITY, STANDARD, DEDICATED
}
