-- Revenue share on partner-sourced sales (issue 12, part 1). A sale (agent usage, quota usage released, job paid) is
-- partner-sourced when its buyer is a member of a partner organisation; the organisation earns
-- floor(platform fee x revenue_share_bps / 10000) of the access-policy line of its tier, moved out of the platform
-- fee into the organisation's PARTNER_SHARE ledger account in the very ledger transaction of the sale.

-- A PARTNER_SHARE account belongs to an organisation, not a participant and not the platform.
ALTER TABLE ledger_account ADD COLUMN organisation_id UUID REFERENCES partner_organisation (id);
ALTER TABLE ledger_account DROP CONSTRAINT ledger_account_kind_check;
ALTER TABLE ledger_account ADD CONSTRAINT ledger_account_kind_check
    CHECK (kind IN ('AVAILABLE', 'ESCROW', 'BONDED', 'PLATFORM_FEE', 'TREASURY', 'VAULT', 'STAKE', 'PARTNER_SHARE'));
ALTER TABLE ledger_account DROP CONSTRAINT ledger_account_owner;
ALTER TABLE ledger_account ADD CONSTRAINT ledger_account_owner CHECK (CASE
    WHEN kind IN ('PLATFORM_FEE', 'TREASURY', 'VAULT', 'STAKE') THEN participant_id IS NULL AND organisation_id IS NULL
    WHEN kind = 'PARTNER_SHARE' THEN participant_id IS NULL AND organisation_id IS NOT NULL
    ELSE participant_id IS NOT NULL AND organisation_id IS NULL END);
ALTER TABLE ledger_account ADD CONSTRAINT ledger_account_organisation_unique UNIQUE (organisation_id, kind);
-- one row per system kind: organisation accounts have no participant either
DROP INDEX ledger_account_system;
CREATE UNIQUE INDEX ledger_account_system ON ledger_account (kind)
    WHERE participant_id IS NULL AND organisation_id IS NULL;

-- One row per partner-sourced sale (share may be zero: a tier without revenue share, or a sale without a fee), so
-- what was attributed, under which policy version and rate, can be audited and summed. Append-only, like the ledger.
CREATE TABLE partner_revenue_share (
    transaction_id     UUID PRIMARY KEY REFERENCES ledger_transaction (id),
    organisation_id    UUID NOT NULL REFERENCES partner_organisation (id),
    buyer_id           UUID NOT NULL REFERENCES participant (id),
    -- the organisation's tier and the access-policy version in force when the sale was posted
    tier               TEXT NOT NULL CHECK (tier IN ('COMMUNITY', 'INTEGRATION', 'STRATEGIC')),
    policy_version     INTEGER NOT NULL REFERENCES access_policy_version (version),
    revenue_share_bps  INTEGER NOT NULL CHECK (revenue_share_bps BETWEEN 0 AND 10000),
    -- the platform's fee on the sale before the share; the platform kept platform_fee - share
    platform_fee       NUMERIC(78, 0) NOT NULL CHECK (platform_fee >= 0),
    share              NUMERIC(78, 0) NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT partner_revenue_share_exact CHECK (share = div(platform_fee * revenue_share_bps, 10000))
);
CREATE INDEX partner_revenue_share_organisation ON partner_revenue_share (organisation_id, created_at, transaction_id);
CREATE TRIGGER partner_revenue_share_append_only BEFORE UPDATE OR DELETE ON partner_revenue_share
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
