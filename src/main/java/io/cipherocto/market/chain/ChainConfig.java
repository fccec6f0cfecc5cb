package io.cipherocto.market.chain;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Everything the server needs to know about the chain it mirrors and acts on. */
@ConfigMapping(prefix = "octo.chain")
public interface ChainConfig {

    /** JSON-RPC endpoint; without it the chain layer is off (no mirror, no payouts). */
    Optional<String> rpcUrl();

    /** Expected chain id; the server refuses to start against another chain. */
    @WithDefault("31337")
    long chainId();

    /** Blocks a log must be buried under before it is ingested. */
    @WithDefault("12")
    int confirmations();

    @WithDefault("1s")
    Duration pollInterval();

    /** Most blocks asked for in one eth_getLogs call. */
    @WithDefault("500")
    int maxBlockRange();

    /** How many recent block hashes are kept to find where a reorg forked. */
    @WithDefault("128")
    int reorgWindow();

    /**
     * Private key (hex) of the server's account: it holds PAYOUT_ROLE and SLASHER_ROLE. From env or a
     * secret only; never logged.
     */
    Optional<String> serverKey();

    Optional<String> tokenAddress();

    Optional<String> stakeManagerAddress();

    Optional<String> paymentVaultAddress();

    /** Deploy the contracts when no addresses are configured (dev and test profiles only). */
    @WithDefault("false")
    boolean autoDeploy();

    /** Unstaking cooldown given to a contract deployed by {@link #autoDeploy()}. */
    @WithDefault("PT1H")
    Duration unstakeCooldown();

    /** How long a replica may hold an outbox row it is sending before another may take it over. */
    @WithDefault("60s")
    Duration outboxClaim();

    @WithDefault("250ms")
    Duration receiptPollInterval();
}
