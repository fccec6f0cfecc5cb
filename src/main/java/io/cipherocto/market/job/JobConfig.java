package io.cipherocto.market.job;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigInteger;
import java.time.Duration;

/** Compute jobs: leases, deadlines, the fee, operator stake and slashing, event retention and subscriber buffers. */
@ConfigMapping(prefix = "octo.jobs")
public interface JobConfig {

    /** Platform fee on what an operator is paid, in basis points (fixed per job at submission). */
    @WithDefault("500")
    int platformFeeBps();

    /** How long a job may wait in the queue, however often it is requeued; then EXPIRED and refunded. */
    @WithDefault("P1D")
    Duration queueTimeout();

    /** A claim's lease, and how far each heartbeat extends it. */
    @WithDefault("PT60S")
    Duration leaseTtl();

    /** How long a STALLED job waits for a heartbeat before it is requeued. */
    @WithDefault("PT60S")
    Duration stallGrace();

    /** Claims before a job stops being requeued (EXPIRED, TOO_MANY_ATTEMPTS). */
    @WithDefault("3")
    int maxAttempts();

    /** BUDGET_LOW is announced once when metered usage reaches this share of the budget (basis points). */
    @WithDefault("8000")
    int budgetLowBps();

    /** Stake (base units) an operator's wallet must have on chain to register and to claim. */
    @WithDefault("1000000000000000000")
    BigInteger operatorMinimumStake();

    /** Every n-th abandoned lease of an operator asks for a slash of {@link #abandonSlash()}. */
    @WithDefault("3")
    int slashAfterAbandoned();

    /** The slash (base units) for repeated abandonment. */
    @WithDefault("100000000000000000")
    BigInteger abandonSlash();

    /** Log lines kept per job (older ones are dropped); each line at most 2,000 characters. */
    @WithDefault("1000")
    int maxLogLines();

    /** How often one replica moves jobs whose deadline passed. */
    @WithDefault("PT5S")
    Duration deadlinesEvery();

    /** How long job events are kept; a cursor older than that gets RESYNC. */
    @WithDefault("P7D")
    Duration eventRetention();

    /** Events a subscriber may have waiting before it is closed with SLOW_CONSUMER (and resumes from its cursor). */
    @WithDefault("1000")
    int subscriberBuffer();

    /** Safety net for lost notices: each replica also polls the event table this often. */
    @WithDefault("PT1S")
    Duration pollEvery();
}
