-- Partner organisations (seed: partnership strategy): who they are, their tier and enterprise programme, the stage of
-- the partnership lifecycle they are in, every move between stages (who, when, why) and the features built with them.
-- Members are the participants whose token claim partner_id equals the organisation's partner_id.

CREATE TABLE partner_organisation (
    id           UUID PRIMARY KEY,
    -- the value of the token claim partner_id that makes a participant a member
    partner_id   TEXT NOT NULL CHECK (partner_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    website      TEXT NOT NULL CHECK (website ~ '^https?://' AND length(website) <= 2000),
    category     TEXT NOT NULL CHECK (category IN ('INFRASTRUCTURE', 'TECHNOLOGY', 'ENTERPRISE', 'ECOSYSTEM',
                                                   'DISTRIBUTION')),
    tier         TEXT NOT NULL CHECK (tier IN ('COMMUNITY', 'INTEGRATION', 'STRATEGIC')),
    programme    TEXT NOT NULL CHECK (programme IN ('NONE', 'DESIGN_PARTNER', 'STRATEGIC_PARTNER',
                                                     'FOUNDATION_PARTNER')),
    -- base units committed under the enterprise programme; present exactly when there is one
    commitment   NUMERIC(78, 0) CHECK (commitment > 0),
    stage        TEXT NOT NULL CHECK (stage IN ('IDENTIFICATION', 'QUALIFICATION', 'OUTREACH', 'DISCUSSION',
                                                'TERM_SHEET', 'INTEGRATION', 'LAUNCH', 'GROWTH', 'RENEWAL',
                                                'SUNSET')),
    stage_since  TIMESTAMPTZ NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT partner_organisation_partner_id_unique UNIQUE (partner_id),
    CONSTRAINT partner_organisation_commitment CHECK ((programme = 'NONE') = (commitment IS NULL))
);
CREATE INDEX partner_organisation_name ON partner_organisation (name, id);

-- The lifecycle audit trail, append-only: the first row (from_stage NULL) is the creation.
CREATE TABLE partner_stage_change (
    seq              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id  UUID NOT NULL REFERENCES partner_organisation (id),
    from_stage       TEXT,
    to_stage         TEXT NOT NULL,
    actor_id         UUID NOT NULL REFERENCES participant (id),
    reason           TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    -- business time (TimeSource)
    at               TIMESTAMPTZ NOT NULL
);
CREATE INDEX partner_stage_change_organisation ON partner_stage_change (organisation_id, seq);
CREATE INDEX partner_stage_change_at ON partner_stage_change (at);

CREATE FUNCTION partner_stage_change_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the partner lifecycle trail is append-only' USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER partner_stage_change_append_only BEFORE UPDATE OR DELETE ON partner_stage_change
    FOR EACH ROW EXECUTE FUNCTION partner_stage_change_append_only();

-- Features developed jointly with a partner (seed KPI "co-developed features", measured as joint deployments).
CREATE TABLE co_developed_feature (
    id               UUID PRIMARY KEY,
    organisation_id  UUID NOT NULL REFERENCES partner_organisation (id),
    title            TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    shipped_at       TIMESTAMPTZ NOT NULL,
    recorded_by      UUID NOT NULL REFERENCES participant (id),
    recorded_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX co_developed_feature_organisation ON co_developed_feature (organisation_id, shipped_at, id);
CREATE INDEX co_developed_feature_shipped ON co_developed_feature (shipped_at);

-- An organisation's members, oldest first (members page, member counts, partner share of volume).
CREATE INDEX participant_partner ON participant (partner_id, created_at, id) WHERE partner_id IS NOT NULL;
