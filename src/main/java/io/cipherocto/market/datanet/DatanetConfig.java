package io.cipherocto.market.datanet;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigInteger;
import java.time.Duration;

/**
 * Datanet terms: the defaults a new datanet gets when its owner names none, and the bounds every owner's terms must
 * stay within (a bond so high nobody submits leaves a datanet empty; a window so short nobody can challenge makes
 * review a formality).
 */
@ConfigMapping(prefix = "octo.datanet")
public interface DatanetConfig {

    /** Default bond per submission (base units); default 10 OCTO. */
    @WithDefault("10000000000000000000")
    BigInteger bond();

    /** Smallest bond an owner may set (base units); default 0.001 OCTO. */
    @WithDefault("1000000000000000")
    BigInteger minimumBond();

    /** Largest bond an owner may set (base units); default 10,000 OCTO. */
    @WithDefault("10000000000000000000000")
    BigInteger maximumBond();

    /** Default challenge window after acceptance. */
    @WithDefault("P3D")
    Duration challengeWindow();

    /** Shortest challenge window an owner may set. */
    @WithDefault("PT1H")
    Duration minimumChallengeWindow();

    /** Longest challenge window an owner may set. */
    @WithDefault("P30D")
    Duration maximumChallengeWindow();

    /** Default deposit a challenger locks (base units); default 5 OCTO. */
    @WithDefault("5000000000000000000")
    BigInteger challengeDeposit();

    /** Largest challenge deposit an owner may set (base units); default 1,000 OCTO. */
    @WithDefault("1000000000000000000000")
    BigInteger maximumChallengeDeposit();

    /** Default share of the bond slashed for a malicious contribution, in basis points (10000 = all). */
    @WithDefault("5000")
    int slashShareBps();

    /** Default share of the slash paid to an upheld challenger, in basis points. */
    @WithDefault("2000")
    int challengerRewardBps();

    /** How long a rejected access requester waits before asking again. */
    @WithDefault("P7D")
    Duration accessRequestCooldown();

    /** Pending access requests older than this are listed as overdue to curators. */
    @WithDefault("P3D")
    Duration accessRequestOverdueAfter();

    /** How often one replica closes challenge windows that have passed. */
    @WithDefault("PT30S")
    Duration finalizeEvery();
}
