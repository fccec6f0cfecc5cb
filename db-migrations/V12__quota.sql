-- Resold AI quotas (OCTO-W): a listing describes capacity a seller delivers at their own gateway (never a credential);
-- a purchase reserves tokens of a listing and holds its price in the buyer's escrow; usage reports from the seller's
-- gateway release the price of what was delivered to the seller (less the platform fee); the rest is refunded at
-- cancellation or expiry.

CREATE TABLE quota_listing (
    id                      UUID PRIMARY KEY,
    seller_id               UUID NOT NULL REFERENCES participant (id),
    provider                TEXT NOT NULL CHECK (provider IN ('OPENAI', 'ANTHROPIC', 'COHERE', 'MISTRAL', 'GOOGLE', 'OTHER')),
    model_family            TEXT NOT NULL CHECK (length(model_family) BETWEEN 1 AND 100),
    total_tokens            BIGINT NOT NULL CHECK (total_tokens > 0),
    -- decremented by one atomic UPDATE per purchase; the CHECK is the last word against overselling
    remaining_tokens        BIGINT NOT NULL,
    price_per_million       NUMERIC(78, 0) NOT NULL CHECK (price_per_million > 0),
    -- what the provider charges the seller per million tokens: the face value recovery is measured against
    face_price_per_million  NUMERIC(78, 0) NOT NULL CHECK (face_price_per_million > 0),
    minimum_tokens          BIGINT NOT NULL,
    expires_at              TIMESTAMPTZ NOT NULL,
    gateway_reference       TEXT NOT NULL CHECK (length(gateway_reference) BETWEEN 1 AND 500),
    approval_reference      TEXT CHECK (approval_reference IS NULL OR length(approval_reference) BETWEEN 1 AND 500),
    status                  TEXT NOT NULL CHECK (status IN ('LISTED', 'DELISTED')),
    created_at              TIMESTAMPTZ NOT NULL,
    updated_at              TIMESTAMPTZ NOT NULL,
    CONSTRAINT quota_listing_remaining CHECK (remaining_tokens >= 0 AND remaining_tokens <= total_tokens),
    CONSTRAINT quota_listing_minimum CHECK (minimum_tokens >= 1 AND minimum_tokens <= total_tokens)
);
CREATE INDEX quota_listing_by_price ON quota_listing (price_per_million, id);
CREATE INDEX quota_listing_by_expiry ON quota_listing (expires_at, id);
CREATE INDEX quota_listing_by_created ON quota_listing (created_at, id);
CREATE INDEX quota_listing_seller ON quota_listing (seller_id, created_at, id);

CREATE TABLE quota_purchase (
    id               UUID PRIMARY KEY,
    listing_id       UUID NOT NULL REFERENCES quota_listing (id),
    buyer_id         UUID NOT NULL REFERENCES participant (id),
    tokens           BIGINT NOT NULL CHECK (tokens > 0),
    price            NUMERIC(78, 0) NOT NULL CHECK (price > 0),
    -- the platform fee in force when it was bought: it governs every release of this purchase
    fee_bps          INTEGER NOT NULL CHECK (fee_bps BETWEEN 0 AND 10000),
    used_tokens      BIGINT NOT NULL DEFAULT 0,
    -- gross price released to the seller so far (the fee is taken out of it), and refunded to the buyer at close
    released         NUMERIC(78, 0) NOT NULL DEFAULT 0 CHECK (released >= 0),
    fee              NUMERIC(78, 0) NOT NULL DEFAULT 0 CHECK (fee >= 0 AND fee <= released),
    refunded         NUMERIC(78, 0) NOT NULL DEFAULT 0 CHECK (refunded >= 0),
    status           TEXT NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    close_reason     TEXT CHECK (close_reason IN ('USED_UP', 'CANCELLED', 'EXPIRED')),
    idempotency_key  TEXT NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    request_hash     TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    closed_at        TIMESTAMPTZ,
    CONSTRAINT quota_purchase_used CHECK (used_tokens >= 0 AND used_tokens <= tokens),
    CONSTRAINT quota_purchase_settled CHECK (released + refunded <= price),
    CONSTRAINT quota_purchase_closed CHECK ((status = 'OPEN') = (closed_at IS NULL)),
    CONSTRAINT quota_purchase_idempotency UNIQUE (buyer_id, idempotency_key)
);
CREATE INDEX quota_purchase_listing ON quota_purchase (listing_id);
CREATE INDEX quota_purchase_mine ON quota_purchase (buyer_id, created_at, id);
CREATE INDEX quota_purchase_open ON quota_purchase (listing_id) WHERE status = 'OPEN';

-- One usage report from the seller's gateway: the tokens delivered since the last one and what it released.
CREATE TABLE quota_usage (
    id               UUID PRIMARY KEY,
    purchase_id      UUID NOT NULL REFERENCES quota_purchase (id),
    tokens_used      BIGINT NOT NULL CHECK (tokens_used > 0),
    idempotency_key  TEXT NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    request_hash     TEXT NOT NULL,
    released         NUMERIC(78, 0) NOT NULL CHECK (released >= 0),
    fee              NUMERIC(78, 0) NOT NULL CHECK (fee >= 0 AND fee <= released),
    reported_at      TIMESTAMPTZ NOT NULL,
    CONSTRAINT quota_usage_idempotency UNIQUE (purchase_id, idempotency_key)
);
