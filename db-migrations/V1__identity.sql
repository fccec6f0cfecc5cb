-- Participants: one per OIDC subject, created on first authenticated use.
-- roles / partner_id / partner_tier mirror the last token seen (Keycloak is the source of truth).
CREATE TABLE participant (
    id            UUID PRIMARY KEY,
    subject       TEXT NOT NULL UNIQUE,
    username      TEXT NOT NULL,
    roles         TEXT[] NOT NULL DEFAULT '{}',
    partner_id    TEXT,
    partner_tier  TEXT CHECK (partner_tier IN ('COMMUNITY', 'INTEGRATION', 'STRATEGIC')),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- bumped by every change to the participant or its wallets
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX participant_page ON participant (created_at, id);

-- A wallet belongs to exactly one participant. Addresses are stored lower-case.
CREATE TABLE wallet (
    address         TEXT PRIMARY KEY CHECK (address ~ '^0x[0-9a-f]{40}$'),
    participant_id  UUID NOT NULL REFERENCES participant (id),
    linked_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX wallet_participant ON wallet (participant_id, linked_at);

-- One-time messages to sign (EIP-191 personal_sign) before a wallet is linked.
CREATE TABLE wallet_challenge (
    nonce           TEXT PRIMARY KEY,
    participant_id  UUID NOT NULL REFERENCES participant (id),
    address         TEXT NOT NULL CHECK (address ~ '^0x[0-9a-f]{40}$'),
    message         TEXT NOT NULL,
    issued_at       TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    used_at         TIMESTAMPTZ
);
CREATE INDEX wallet_challenge_lookup ON wallet_challenge (participant_id, address, issued_at DESC);
