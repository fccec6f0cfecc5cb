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
    WALLET_LINKED_CONCURRENTLY("wallet_pkey"),
    /** Another datanet already has this slug (sent as {@code slug}); pick another. */
    DATANET_SLUG_TAKEN("datanet_slug_unique"),
    /** The caller already has a pending access request for this datanet; wait for the curators' decision. */
    ACCESS_ALREADY_REQUESTED("datanet_access_request_pending"),
    /** Content with this hash was already submitted to this datanet. */
    DUPLICATE_CONTRIBUTION("contribution_unique_hash"),
    /** The contribution already has an open challenge; wait for its resolution. */
    CHALLENGE_ALREADY_OPEN("contribution_challenge_open"),
    /** The caller already has a model with this name and version; publish under another version. */
    MODEL_VERSION_TAKEN("model_version_unique"),
    /** Another partner organisation already has this partner id (sent as {@code partner_id}). */
    PARTNER_ID_TAKEN("partner_organisation_partner_id_unique");

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
            "withdrawal_payout_reference_unique",
            // V9, V10: random UUIDs and identity columns made by the server
            "datanet_pkey", "datanet_change_pkey", "datanet_access_request_pkey", "datanet_access_grant_pkey",
            "contribution_pkey", "contribution_transition_pkey", "contribution_challenge_pkey",
            // V9: the bond reference is derived by the server from the contribution id
            "stake_bond_pkey",
            // V10, written with ON CONFLICT: curators (adding one twice is a no-op), grants (granting twice is a
            // no-op), reputation counters (upsert), a contribution's parents (a hash listed twice is kept once)
            "datanet_curator_pkey", "datanet_access_grant_participant", "datanet_access_grant_partner",
            "reputation_pkey", "contribution_parent_pkey",
            // V10: the slash reason hash is derived by the server from the contribution id
            "contribution_slash_reason_unique",
            // V12: random UUIDs made by the server
            "quota_listing_pkey", "quota_purchase_pkey", "quota_usage_pkey",
            // V12: idempotency keys. A purchase takes an advisory lock on (buyer, key) before looking the key up, and
            // a usage report locks its purchase row first, so a retry waits and then finds the first row: two
            // requests never both insert the same key
            "quota_purchase_idempotency", "quota_usage_idempotency",
            // V11: random UUIDs made by the server
            "model_pkey", "agent_pkey", "agent_usage_pkey",
            // V11: link rows from id lists the service de-duplicates first
            "model_datanet_pkey", "agent_model_pkey",
            // V11: usage is written with ON CONFLICT on its idempotency key (a replay returns the first record)
            "agent_usage_idempotency",
            // V13: random UUIDs made by the server; operators upsert on their participant; log lines are numbered
            // under the job's row lock; event positions are (transaction id, identity); one horizon row (upsert);
            // slash reason hashes derive from the operator and its abandonment count (ON CONFLICT DO NOTHING)
            "job_pkey", "job_operator_pkey", "job_log_pkey", "job_event_pkey", "job_event_horizon_pkey",
            "job_slash_pkey",
            // V13: a submission takes an advisory lock on (consumer, key) before looking the key up
            "job_idempotency",
            // V14: policy versions are numbered under a table lock (edits serialised), their ids random; spend is
            // added with ON CONFLICT
            "access_policy_version_pkey", "access_policy_version_id_key", "access_policy_entitlement_pkey",
            "query_spend_pkey",
            // V15: random UUIDs and the trail's identity column, made by the server
            "partner_organisation_pkey", "partner_stage_change_pkey", "co_developed_feature_pkey",
            // V16: an organisation's PARTNER_SHARE account is upserted (LedgerService); one share row per ledger
            // transaction, written once by the posting that inserted the transaction
            "ledger_account_organisation_unique", "partner_revenue_share_pkey");

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
