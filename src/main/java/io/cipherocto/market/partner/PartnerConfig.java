package io.cipherocto.market.partner;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigInteger;

/**
 * Partner organisations: the minimum commitment of each enterprise programme, in base units. The seed gives them in
 * US dollars ($100K, $500K, $1M); the defaults take 1 OCTO for 1 USD until a price is set here.
 */
@ConfigMapping(prefix = "octo.partners")
public interface PartnerConfig {

    /** Minimum commitment of a DESIGN_PARTNER (seed: $100K+). */
    @WithDefault("100000000000000000000000")
    BigInteger designPartnerMinimum();

    /** Minimum commitment of a STRATEGIC_PARTNER (seed: $500K+). */
    @WithDefault("500000000000000000000000")
    BigInteger strategicPartnerMinimum();

    /** Minimum commitment of a FOUNDATION_PARTNER (seed: $1M+). */
    @WithDefault("1000000000000000000000000")
    BigInteger foundationPartnerMinimum();

    /** The minimum for {@code programme} (zero for NONE, which takes no commitment). */
    default BigInteger minimum(EnterpriseProgramme programme) {
        return switch (programme) {
            case NONE -> BigInteger.ZERO;
            case DESIGN_PARTNER -> designPartnerMinimum();
            case STRATEGIC_PARTNER -> strategicPartnerMinimum();
            case FOUNDATION_PARTNER -> foundationPartnerMinimum();
        };
    }
}
