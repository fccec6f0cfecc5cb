package io.cipherocto.market.settlement;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

/** What moved money in a ledger transaction; one per {@link Posting} factory. */
@Enum("LedgerTransactionKind")
@Description("What moved the money in a ledger transaction.")
public enum TransactionKind {
    /** Tokens deposited into the PaymentVault were credited. */
    DEPOSIT,
    /** A reorg removed a deposit: its credit was taken back. */
    DEPOSIT_REVERSED,
    /** Available funds moved to escrow for a withdrawal on its way to the chain. */
    WITHDRAWAL_REQUESTED,
    /** The payout was mined: the escrow left through the vault. */
    WITHDRAWAL_PAID,
    /** A reorg removed the payout: the escrow is held again until it is mined anew. */
    WITHDRAWAL_PAID_REVERSED,
    /** Available funds moved from one participant to another. */
    TRANSFER,
    /** Part of a wallet's on-chain stake was bonded (e.g. for a datanet contribution). */
    BOND_HELD,
    /** A bond was released: the stake behind it is free again. */
    BOND_RELEASED,
    /** A mirrored slash consumed a bond: the slashed part went to the treasury (and a challenger's reward out of it). */
    BOND_SLASHED,
    /** A reorg removed the slash: the bond is held again until the slash is mined anew. */
    BOND_SLASHED_REVERSED,
    /** A challenger's deposit moved from available funds to escrow while the challenge is open. */
    CHALLENGE_DEPOSIT_LOCKED,
    /** An upheld challenge: the deposit went back to the challenger. */
    CHALLENGE_DEPOSIT_RETURNED,
    /** A dismissed challenge: the deposit went to the contributor. */
    CHALLENGE_DEPOSIT_FORFEITED,

    // ---- resold AI quotas (quota package)
    /** A quota purchase's price moved from the buyer's available funds to escrow. */
    QUOTA_PURCHASED,
    /** Reported usage released part of a purchase's escrow to the seller, less the platform fee. */
    QUOTA_USAGE_RELEASED,
    /** The unreleased rest of a closed purchase (cancelled or expired) went back to the buyer. */
    QUOTA_REFUNDED,
    // ---- models and agents (issue 9) ----
    /** An agent's usage was billed: the consumer paid, the agent's owner got it less the platform's commission. */
    AGENT_USAGE,
    // ---- compute jobs (job package) ----
    /** A job's budget moved from the consumer's available funds to escrow. */
    JOB_ESCROWED,
    /** A job's operator was paid out of the consumer's escrow, less the platform fee. */
    JOB_PAID,
    /** What a job did not spend went back to the consumer. */
    JOB_REFUNDED;

    /** The kinds that are a sale on the marketplace (a buyer paid a seller): what transaction volume counts. */
    public static final java.util.Set<TransactionKind> SALES = java.util.EnumSet.of(QUOTA_USAGE_RELEASED, AGENT_USAGE,
            JOB_PAID);
}
