-- Models (manifests, fine-tune lineage, the datanets they were trained on) and agents (listings built on models,
-- priced per call), with the usage an agent's gateway reports, billed once per idempotency key.

CREATE FUNCTION model_search_text(name TEXT, base_model TEXT, description TEXT, tags TEXT[]) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('english', name), 'A')
        || setweight(to_tsvector('english', base_model), 'A')
        || setweight(to_tsvector('english', array_to_string(tags, ' ')), 'B')
        || setweight(to_tsvector('english', description), 'C')
$$;

-- One version of a model. A fine-tune is a new row whose parent_id is the version it was derived from; a row is
-- never deleted and only its metadata, price and early-access flag change (the manifest itself is immutable).
CREATE TABLE model (
    id                   UUID PRIMARY KEY,
    owner_id             UUID NOT NULL REFERENCES participant (id),
    name                 TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    version              TEXT NOT NULL CHECK (length(version) BETWEEN 1 AND 64),
    base_model           TEXT NOT NULL CHECK (length(base_model) BETWEEN 1 AND 200),
    licence              TEXT NOT NULL CHECK (length(licence) BETWEEN 1 AND 200),
    weights_hash         TEXT NOT NULL CHECK (weights_hash ~ '^[0-9a-f]{64}$'),
    description          TEXT NOT NULL DEFAULT '',
    tags                 TEXT[] NOT NULL DEFAULT '{}',
    price_per_inference  NUMERIC(78, 0) NOT NULL CHECK (price_per_inference >= 0),
    early_access         BOOLEAN NOT NULL DEFAULT false,
    parent_id            UUID REFERENCES model (id),
    job_reference        TEXT CHECK (length(job_reference) BETWEEN 1 AND 200),
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    search               tsvector GENERATED ALWAYS AS (model_search_text(name, base_model, description, tags)) STORED,
    CONSTRAINT model_version_unique UNIQUE (owner_id, name, version),
    CONSTRAINT model_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX model_search ON model USING gin (search);
CREATE INDEX model_tags ON model USING gin (tags);
CREATE INDEX model_by_name ON model (name, id);
CREATE INDEX model_by_created ON model (created_at, id);
CREATE INDEX model_by_price ON model (price_per_inference, id);
CREATE INDEX model_by_base ON model (lower(base_model));
CREATE INDEX model_parent ON model (parent_id);

-- The datanets a model version was trained on.
CREATE TABLE model_datanet (
    model_id    UUID NOT NULL REFERENCES model (id),
    datanet_id  UUID NOT NULL REFERENCES datanet (id),
    PRIMARY KEY (model_id, datanet_id)
);
CREATE INDEX model_datanet_datanet ON model_datanet (datanet_id);

CREATE TABLE agent (
    id              UUID PRIMARY KEY,
    owner_id        UUID NOT NULL REFERENCES participant (id),
    name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    description     TEXT NOT NULL DEFAULT '',
    price_per_call  NUMERIC(78, 0) NOT NULL CHECK (price_per_call > 0),
    status          TEXT NOT NULL CHECK (status IN ('DRAFT', 'LISTED', 'DELISTED')),
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    search          tsvector GENERATED ALWAYS AS (model_search_text(name, '', description, '{}')) STORED
);
CREATE INDEX agent_search ON agent USING gin (search);
CREATE INDEX agent_by_name ON agent (name, id);
CREATE INDEX agent_by_created ON agent (created_at, id);
CREATE INDEX agent_by_price ON agent (price_per_call, id);
CREATE INDEX agent_owner ON agent (owner_id);

-- The models an agent is built on, in the order its owner named them.
CREATE TABLE agent_model (
    agent_id  UUID NOT NULL REFERENCES agent (id),
    model_id  UUID NOT NULL REFERENCES model (id),
    position  INTEGER NOT NULL,
    PRIMARY KEY (agent_id, model_id)
);
CREATE INDEX agent_model_model ON agent_model (model_id);

-- Usage reported by an agent's gateway, one row per (agent, idempotency key): the same key never charges twice.
-- request_hash identifies what was asked (consumer and calls), so a key reused for another request is refused.
CREATE TABLE agent_usage (
    id                     UUID PRIMARY KEY,
    agent_id               UUID NOT NULL REFERENCES agent (id),
    consumer_id            UUID NOT NULL REFERENCES participant (id),
    reported_by            UUID NOT NULL REFERENCES participant (id),
    idempotency_key        TEXT NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    request_hash           TEXT NOT NULL,
    calls                  BIGINT NOT NULL CHECK (calls > 0),
    price_per_call         NUMERIC(78, 0) NOT NULL CHECK (price_per_call > 0),
    amount                 NUMERIC(78, 0) NOT NULL CHECK (amount > 0),
    commission_bps         INTEGER NOT NULL CHECK (commission_bps BETWEEN 0 AND 10000),
    commission             NUMERIC(78, 0) NOT NULL CHECK (commission >= 0 AND commission <= amount),
    -- the posting that charged it, made later in the same transaction (hence the deferred check)
    ledger_ref             TEXT NOT NULL REFERENCES ledger_transaction (ref) DEFERRABLE INITIALLY DEFERRED,
    recorded_at            TIMESTAMPTZ NOT NULL,
    CONSTRAINT agent_usage_idempotency UNIQUE (agent_id, idempotency_key)
);
CREATE INDEX agent_usage_page ON agent_usage (agent_id, recorded_at, id);
