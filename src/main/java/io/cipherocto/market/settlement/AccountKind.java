package io.cipherocto.market.settlement;

/** Ledger accounts: three per participant, four for the platform. */
public enum AccountKind {
    /** Spendable and withdrawable. */
    AVAILABLE,
    /** Held for a pending obligation (a withdrawal on its way to the chain, a purchase in flight). */
    ESCROW,
    /** Locked as a bond (e.g. a job budget) until released or forfeited. */
    BONDED,
    PLATFORM_FEE,
    TREASURY,
    /** Contra account of what the PaymentVault contract holds for users; runs negative by design. */
    VAULT,
    /**
     * Contra account of the on-chain stake the ledger accounts for: bonds held against it, and slashed stake that
     * reached the treasury. Runs negative by design.
     */
    STAKE;

    boolean isSystem() {
        return this == PLATFORM_FEE || this == TREASURY || this == VAULT || this == STAKE;
    }
}
