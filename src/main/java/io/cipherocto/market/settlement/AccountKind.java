package io.cipherocto.market.settlement;

/** Ledger accounts: three per participant, four for the platform, one per partner organisation. */
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
    STAKE,
    /**
     * A partner organisation's revenue share on partner-sourced sales, taken out of the platform fee; owned by the
     * organisation (not a participant). Paying it out is not built yet: it only accrues.
     */
    PARTNER_SHARE;

    boolean isSystem() {
        return this == PLATFORM_FEE || this == TREASURY || this == VAULT || this == STAKE;
    }

    /** Owned by a partner organisation rather than a participant or the platform. */
    boolean isOrganisation() {
        return this == PARTNER_SHARE;
    }

    /** Owned by a participant. */
    boolean isParticipant() {
        return !isSystem() && !isOrganisation();
    }
}
