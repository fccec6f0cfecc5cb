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
    TRANSFER
}
