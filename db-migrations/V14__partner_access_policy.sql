-- The access policy: per audience (anonymous callers, participants without a partner tier, and each partner tier),
-- the descriptive rights of the seed's tier comparison, early access, revenue share and the query-cost budget.
-- Versioned and append-only: an admin's edit adds a version (who, when, why); the highest version is in force on
-- every replica (each reloads on the change notice). Version 1 is the seed's table.
CREATE TABLE access_policy_version (
    version     INTEGER PRIMARY KEY CHECK (version > 0),
    -- the tiebreak of the history's keyset pages
    id          UUID NOT NULL UNIQUE DEFAULT gen_random_uuid(),
    changed_by  TEXT NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL,
    reason      TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000)
);

CREATE TABLE access_policy_entitlement (
    version               INTEGER NOT NULL REFERENCES access_policy_version (version),
    audience              TEXT NOT NULL CHECK (audience IN ('ANONYMOUS', 'PARTICIPANT', 'COMMUNITY', 'INTEGRATION',
                                                            'STRATEGIC')),
    agreement             TEXT NOT NULL CHECK (agreement IN ('NONE', 'INFORMAL', 'MOU', 'CONTRACT')),
    early_access          BOOLEAN NOT NULL,
    -- share of partner-sourced volume paid to the partner, in basis points of the platform fee's base
    revenue_share_bps     INTEGER NOT NULL CHECK (revenue_share_bps BETWEEN 0 AND 10000),
    board_observer        BOOLEAN NOT NULL,
    co_marketing          TEXT NOT NULL CHECK (co_marketing IN ('NONE', 'LIGHT', 'MODERATE', 'SIGNIFICANT')),
    support               TEXT NOT NULL CHECK (support IN ('COMMUNITY', 'STANDARD', 'DEDICATED')),
    -- query-cost budget: a bucket of bucket_size points restored at restore_rate points per second
    bucket_size           INTEGER NOT NULL CHECK (bucket_size BETWEEN 1 AND 100000000),
    restore_rate          INTEGER NOT NULL CHECK (restore_rate BETWEEN 1 AND 10000000),
    max_cost_per_request  INTEGER NOT NULL CHECK (max_cost_per_request BETWEEN 1 AND bucket_size),
    PRIMARY KEY (version, audience),
    -- callers without a partner tier have no partner rights
    CONSTRAINT access_policy_entitlement_no_partner_rights CHECK (audience NOT IN ('ANONYMOUS', 'PARTICIPANT')
        OR (agreement = 'NONE' AND NOT early_access AND revenue_share_bps = 0 AND NOT board_observer
            AND co_marketing = 'NONE' AND support = 'COMMUNITY'))
);

INSERT INTO access_policy_version (version, changed_by, changed_at, reason)
VALUES (1, 'migration', now(), 'the seed''s tier comparison (partnership strategy)');

INSERT INTO access_policy_entitlement (version, audience, agreement, early_access, revenue_share_bps, board_observer,
                                       co_marketing, support, bucket_size, restore_rate, max_cost_per_request)
-- Budgets in points (one per object a response holds; README, Query cost): a page of 100 models with their owners,
-- datanets and agents and the agents' owners may cost ~6,700 requested, so every audience can ask for a full page.
VALUES (1, 'ANONYMOUS', 'NONE', false, 0, false, 'NONE', 'COMMUNITY', 50000, 2500, 10000),
       (1, 'PARTICIPANT', 'NONE', false, 0, false, 'NONE', 'COMMUNITY', 100000, 5000, 20000),
       (1, 'COMMUNITY', 'INFORMAL', false, 0, false, 'LIGHT', 'COMMUNITY', 100000, 5000, 20000),
       (1, 'INTEGRATION', 'MOU', true, 0, false, 'MODERATE', 'STANDARD', 200000, 10000, 40000),
       (1, 'STRATEGIC', 'CONTRACT', true, 1000, true, 'SIGNIFICANT', 'DEDICATED', 500000, 25000, 100000);

-- Query-cost spend, summed per caller, operation and minute; each replica adds its counts in one batched statement
-- every few seconds (never a write per request). Kept for octo.rate-limit.spend-retention.
CREATE TABLE query_spend (
    caller_key  TEXT NOT NULL,
    operation   TEXT NOT NULL,
    minute      TIMESTAMPTZ NOT NULL,
    requests    BIGINT NOT NULL CHECK (requests > 0),
    cost        BIGINT NOT NULL CHECK (cost >= 0),
    PRIMARY KEY (caller_key, minute, operation)
);
CREATE INDEX query_spend_minute ON query_spend (minute);
