-- Datanets: curated datasets with economic terms, curators, gated access, contributions (hash + URI only, the
-- data stays at its owner's storage), their lineage, review, challenges and the reputation they earn.

CREATE FUNCTION datanet_search_text(name TEXT, description TEXT, tags TEXT[]) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('english', name), 'A')
        || setweight(to_tsvector('english', array_to_string(tags, ' ')), 'B')
        || setweight(to_tsvector('english', description), 'C')
$$;

CREATE TABLE datanet (
    id                        UUID PRIMARY KEY,
    slug                      TEXT NOT NULL CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$'),
    name                      TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    description               TEXT NOT NULL DEFAULT '',
    tags                      TEXT[] NOT NULL DEFAULT '{}',
    licence                   TEXT NOT NULL,
    policy                    TEXT NOT NULL CHECK (policy IN ('OPEN', 'GATED')),
    owner_id                  UUID NOT NULL REFERENCES participant (id),
    -- the terms new submissions are made under; each contribution keeps a copy of the terms it was made under
    bond                      NUMERIC(78, 0) NOT NULL CHECK (bond > 0),
    challenge_window_seconds  BIGINT NOT NULL CHECK (challenge_window_seconds > 0),
    challenge_deposit         NUMERIC(78, 0) NOT NULL CHECK (challenge_deposit >= 0),
    slash_share_bps           INTEGER NOT NULL CHECK (slash_share_bps BETWEEN 0 AND 10000),
    challenger_reward_bps     INTEGER NOT NULL CHECK (challenger_reward_bps BETWEEN 0 AND 10000),
    -- maintained by submitContribution, for ordering by CONTRIBUTIONS without a count per row
    contribution_count        BIGINT NOT NULL DEFAULT 0,
    created_at                TIMESTAMPTZ NOT NULL,
    updated_at                TIMESTAMPTZ NOT NULL,
    search                    tsvector GENERATED ALWAYS AS (datanet_search_text(name, description, tags)) STORED,
    CONSTRAINT datanet_slug_unique UNIQUE (slug)
);
CREATE INDEX datanet_search ON datanet USING gin (search);
CREATE INDEX datanet_tags ON datanet USING gin (tags);
CREATE INDEX datanet_by_name ON datanet (name, id);
CREATE INDEX datanet_by_created ON datanet (created_at, id);
CREATE INDEX datanet_by_contributions ON datanet (contribution_count, id);

-- Who curates a datanet; the owner is a curator too (and cannot be removed).
CREATE TABLE datanet_curator (
    datanet_id      UUID NOT NULL REFERENCES datanet (id),
    participant_id  UUID NOT NULL REFERENCES participant (id),
    added_by        UUID NOT NULL REFERENCES participant (id),
    added_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (datanet_id, participant_id)
);
CREATE INDEX datanet_curator_participant ON datanet_curator (participant_id);

-- Every change to a datanet: who, when, what.
CREATE TABLE datanet_change (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    datanet_id  UUID NOT NULL REFERENCES datanet (id),
    actor_id    UUID NOT NULL REFERENCES participant (id),
    change      TEXT NOT NULL CHECK (change IN ('CREATED', 'METADATA_UPDATED', 'TERMS_UPDATED', 'POLICY_CHANGED',
                    'CURATOR_ADDED', 'CURATOR_REMOVED', 'ACCESS_GRANTED', 'ACCESS_REVOKED')),
    detail      JSONB NOT NULL DEFAULT '{}',
    at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX datanet_change_page ON datanet_change (datanet_id, id);

-- Requests to read a GATED datanet. A rejected requester may ask again after a cooldown, never "never".
CREATE TABLE datanet_access_request (
    id               UUID PRIMARY KEY,
    datanet_id       UUID NOT NULL REFERENCES datanet (id),
    participant_id   UUID NOT NULL REFERENCES participant (id),
    reason           TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
    requested_at     TIMESTAMPTZ NOT NULL,
    decided_by       UUID REFERENCES participant (id),
    decided_at       TIMESTAMPTZ,
    decision_reason  TEXT,
    CONSTRAINT datanet_access_request_decided CHECK ((status = 'PENDING') = (decided_at IS NULL))
);
CREATE UNIQUE INDEX datanet_access_request_pending ON datanet_access_request (datanet_id, participant_id)
    WHERE status = 'PENDING';
CREATE INDEX datanet_access_request_queue ON datanet_access_request (datanet_id, requested_at, id)
    WHERE status = 'PENDING';
CREATE INDEX datanet_access_request_mine ON datanet_access_request (participant_id, requested_at);

-- Read access to a GATED datanet, for one participant or for a whole partner organisation.
CREATE TABLE datanet_access_grant (
    id              UUID PRIMARY KEY,
    datanet_id      UUID NOT NULL REFERENCES datanet (id),
    participant_id  UUID REFERENCES participant (id),
    partner_id      TEXT,
    granted_by      UUID NOT NULL REFERENCES participant (id),
    granted_at      TIMESTAMPTZ NOT NULL,
    CONSTRAINT datanet_access_grant_one_grantee CHECK ((participant_id IS NULL) <> (partner_id IS NULL))
);
CREATE UNIQUE INDEX datanet_access_grant_participant ON datanet_access_grant (datanet_id, participant_id)
    WHERE participant_id IS NOT NULL;
CREATE UNIQUE INDEX datanet_access_grant_partner ON datanet_access_grant (datanet_id, partner_id)
    WHERE partner_id IS NOT NULL;

-- The one rule of who may read a datanet's contributions (URIs, lineage): anyone if OPEN; if GATED its curators,
-- and the participants and partner organisations granted access. (Contributors always see their own; admins all:
-- see contribution_visible.)
CREATE FUNCTION datanet_readable(datanet UUID, reader UUID, reader_partner TEXT) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT d.policy = 'OPEN'
        OR EXISTS (SELECT 1 FROM datanet_curator c WHERE c.datanet_id = d.id AND c.participant_id = reader)
        OR EXISTS (SELECT 1 FROM datanet_access_grant g WHERE g.datanet_id = d.id
                    AND (g.participant_id = reader OR g.partner_id = reader_partner))
      FROM datanet d WHERE d.id = datanet
$$;

CREATE TABLE contribution (
    id                        UUID PRIMARY KEY,
    datanet_id                UUID NOT NULL REFERENCES datanet (id),
    contributor_id            UUID NOT NULL REFERENCES participant (id),
    -- the linked wallet whose stake backs the bond (and is slashed for a malicious contribution)
    wallet                    TEXT NOT NULL CHECK (wallet ~ '^0x[0-9a-f]{40}$'),
    content_hash              TEXT NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
    storage_uri               TEXT NOT NULL,
    byte_size                 BIGINT NOT NULL CHECK (byte_size > 0),
    licence                   TEXT NOT NULL,
    state                     TEXT NOT NULL CHECK (state IN
                                  ('PENDING', 'ACCEPTED', 'CHALLENGED', 'FINAL', 'REJECTED', 'SLASHING', 'SLASHED')),
    -- the datanet's terms when it was submitted
    bond                      NUMERIC(78, 0) NOT NULL CHECK (bond > 0),
    challenge_window_seconds  BIGINT NOT NULL CHECK (challenge_window_seconds > 0),
    challenge_deposit         NUMERIC(78, 0) NOT NULL CHECK (challenge_deposit >= 0),
    slash_share_bps           INTEGER NOT NULL CHECK (slash_share_bps BETWEEN 0 AND 10000),
    challenger_reward_bps     INTEGER NOT NULL CHECK (challenger_reward_bps BETWEEN 0 AND 10000),
    submitted_at              TIMESTAMPTZ NOT NULL,
    reviewed_by               UUID REFERENCES participant (id),
    reviewed_at               TIMESTAMPTZ,
    challenge_ends_at         TIMESTAMPTZ,
    rejection_reason          TEXT CHECK (rejection_reason IN
                                  ('DUPLICATE', 'LOW_QUALITY', 'WRONG_LICENCE', 'OFF_TOPIC', 'MALFORMED', 'MALICIOUS', 'OTHER')),
    rejection_note            TEXT,
    -- set when a malicious verdict asks the chain for a slash; the mirrored Slashed event carries the hash back
    slash_amount              NUMERIC(78, 0),
    slash_reason_hash         TEXT,
    updated_at                TIMESTAMPTZ NOT NULL,
    CONSTRAINT contribution_slash_reason_unique UNIQUE (slash_reason_hash)
);
-- One live contribution per hash and datanet; a rejected one may be submitted again, corrected (e.g. its licence).
CREATE UNIQUE INDEX contribution_unique_hash ON contribution (datanet_id, content_hash) WHERE state <> 'REJECTED';
CREATE INDEX contribution_page ON contribution (datanet_id, submitted_at, id);
CREATE INDEX contribution_by_hash ON contribution (content_hash);
CREATE INDEX contribution_by_contributor ON contribution (contributor_id, submitted_at);
CREATE INDEX contribution_due ON contribution (challenge_ends_at) WHERE state = 'ACCEPTED';

-- Lineage: the content hashes a contribution was derived from (each existed, in some datanet, when it was submitted).
CREATE TABLE contribution_parent (
    contribution_id  UUID NOT NULL REFERENCES contribution (id),
    parent_hash      TEXT NOT NULL CHECK (parent_hash ~ '^[0-9a-f]{64}$'),
    PRIMARY KEY (contribution_id, parent_hash)
);
CREATE INDEX contribution_parent_by_parent ON contribution_parent (parent_hash);

-- Every state a contribution went through, with who moved it (NULL: the server, e.g. the window closed).
CREATE TABLE contribution_transition (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    contribution_id  UUID NOT NULL REFERENCES contribution (id),
    from_state       TEXT,
    to_state         TEXT NOT NULL,
    actor_id         UUID REFERENCES participant (id),
    note             TEXT,
    at               TIMESTAMPTZ NOT NULL
);
CREATE INDEX contribution_transition_history ON contribution_transition (contribution_id, id);

CREATE TABLE contribution_challenge (
    id               UUID PRIMARY KEY,
    contribution_id  UUID NOT NULL REFERENCES contribution (id),
    challenger_id    UUID NOT NULL REFERENCES participant (id),
    reason           TEXT NOT NULL CHECK (reason IN
                         ('DUPLICATE', 'LOW_QUALITY', 'WRONG_LICENCE', 'OFF_TOPIC', 'MALFORMED', 'MALICIOUS', 'OTHER')),
    note             TEXT,
    deposit          NUMERIC(78, 0) NOT NULL CHECK (deposit >= 0),
    status           TEXT NOT NULL CHECK (status IN ('OPEN', 'UPHELD', 'DISMISSED')),
    opened_at        TIMESTAMPTZ NOT NULL,
    resolved_by      UUID REFERENCES participant (id),
    resolved_at      TIMESTAMPTZ,
    resolution_note  TEXT,
    -- the challenger's share of the slash, credited when the slash is mirrored
    reward           NUMERIC(78, 0),
    CONSTRAINT contribution_challenge_resolved CHECK ((status = 'OPEN') = (resolved_at IS NULL))
);
CREATE UNIQUE INDEX contribution_challenge_open ON contribution_challenge (contribution_id) WHERE status = 'OPEN';
CREATE INDEX contribution_challenge_history ON contribution_challenge (contribution_id, opened_at);

-- Reputation per participant and datanet, kept up to date by every verdict (no scan per read); the overall
-- reputation is the sum of a participant's rows. The formula lives here and in README ("Reputation").
CREATE TABLE reputation (
    participant_id        UUID NOT NULL REFERENCES participant (id),
    datanet_id            UUID NOT NULL REFERENCES datanet (id),
    accepted              INTEGER NOT NULL DEFAULT 0,
    finalized             INTEGER NOT NULL DEFAULT 0,
    rejected              INTEGER NOT NULL DEFAULT 0,
    slashed               INTEGER NOT NULL DEFAULT 0,
    challenges_upheld     INTEGER NOT NULL DEFAULT 0,
    challenges_dismissed  INTEGER NOT NULL DEFAULT 0,
    score                 INTEGER GENERATED ALWAYS AS (2 * accepted + 8 * finalized - 2 * rejected - 30 * slashed
                              + 5 * challenges_upheld - 3 * challenges_dismissed) STORED,
    updated_at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (participant_id, datanet_id)
);
