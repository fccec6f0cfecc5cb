package io.cipherocto.market.settlement;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigInteger;

/**
 * What a withdrawal costs and how many may wait: each one is an on-chain payout whose gas the server's key pays, so
 * tiny or numerous withdrawals cost the platform money.
 */
@ConfigMapping(prefix = "octo.withdrawal")
public interface WithdrawalConfig {

    /** Smallest amount (base units) a participant may withdraw; default 1 OCTO. */
    @WithDefault("1000000000000000000")
    BigInteger minimum();

    /** Flat fee (base units) per withdrawal, credited to the platform-fee account; default 0.01 OCTO. */
    @WithDefault("10000000000000000")
    BigInteger fee();

    /** Most withdrawals one participant may have queued (not yet paid) at once. */
    @WithDefault("5")
    int maxQueued();
}
