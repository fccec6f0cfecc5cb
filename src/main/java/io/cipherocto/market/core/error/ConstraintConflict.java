package io.cipherocto.market.core.error;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The one table from a database constraint to what a client is told when a write violates it: each unique or
 * exclusion constraint a client's request can collide on (two requests racing for the same row) is a reason here,
 * answered CONFLICT. Every other such constraint of db-migrations/ is in {@link #INTERNAL_ONLY}: the server makes
 * those keys itself, or writes them with {@code ON CONFLICT}, so a violation is a server bug (INTERNAL, logged).
 * {@code ConstraintTableTest} fails when a migration adds a constraint that is in neither.
 */
public enum ConstraintConflict implements Reason {
    /**
     * Another request linked this wallet at the same moment (its row won {@code wallet_pkey}). The address is sent
     * as {@code address}; refresh {@code me}: if it is not among your wallets, another participant owns it.
     */
    WALLET_LINKED_CONCURRENTLY("wallet_pkey");

    /**
     * Constraints no client request can collide on. Server-generated keys (random UUIDs, 128-bit nonces, ids
     * derived from chain data) and rows written with {@code ON CONFLICT ... DO NOTHING / DO UPDATE}.
     */
    public static final Set<String> INTERNAL_ONLY = Set.of(
            // random UUID / nonce made by the server
            "participant_pkey", "wallet_challenge_pkey", "ledger_account_pkey", "ledger_transaction_pkey",
            "ledger_entry_pkey", "chain_outbox_pkey", "withdrawal_pkey",
            // upsert: ParticipantService (subject), LedgerService (account, ref), ChainOutbox (reference)
            "participant_subject_key", "ledger_account_unique", "ledger_transaction_ref_key",
            "chain_outbox_reference_key",
            // the system accounts (PLATFORM_FEE, TREASURY, VAULT): inserted once, by V2__ledger.sql
            "ledger_account_system",
            // mirrored chain data, written by the single mirror with ON CONFLICT
            "chain_contract_pkey", "chain_cursor_pkey", "chain_block_pkey", "chain_event_pkey", "held_deposit_pkey",
            "deposit_credit_pkey",
            // the payout reference is derived by the server from the withdrawal id
            "withdrawal_payout_reference_unique");

    private final String constraint;

    ConstraintConflict(String constraint) {
        this.constraint = constraint;
    }

    public String constraint() {
        return constraint;
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.CONFLICT;
    }

    /** The reason for a violation of {@code constraint}, if a client can cause one. */
    public static Optional<ConstraintConflict> of(String constraint) {
        return Arrays.stream(values()).filter(c -> c.constraint.equals(constraint)).findFirst();
    }
}
