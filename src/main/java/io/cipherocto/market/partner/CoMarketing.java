package io.cipherocto.market.partner;

import org.eclipse.microprofile.graphql.Description;

/** How much co-marketing a tier gets (seed: tier comparison). */
@Description("How much co-marketing a partner tier gets.")
public enum CoMarketing {
    NONE, LIGHT, MODERATE, SIGNIFICANT
}
