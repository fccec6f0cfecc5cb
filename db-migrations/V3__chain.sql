-- The chain mirror: contract events ingested behind N confirmations, keyed by (chain id, block, log index),
-- with their block hash so that a reorg is detected and rolled back.

-- Contracts the server talks to (addresses deployed by the dev profile are recorded here too).
CREATE TABLE chain_contract (
    chain_id        BIGINT NOT NULL,
    name            TEXT NOT NULL,
    address         TEXT NOT NULL CHECK (address ~ '^0x[0-9a-f]{40}$'),
    deployed_block  BIGINT NOT NULL,
    PRIMARY KEY (chain_id, name)
);

-- Last block whose logs are ingested, and its hash (a different hash there later means a reorg).
CREATE TABLE chain_cursor (
    chain_id      BIGINT PRIMARY KEY,
    block_number  BIGINT NOT NULL,
    block_hash    TEXT NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Hashes of recently ingested blocks: where a reorg forked is the newest block whose hash still matches.
CREATE TABLE chain_block (
    chain_id      BIGINT NOT NULL,
    block_number  BIGINT NOT NULL,
    block_hash    TEXT NOT NULL,
    PRIMARY KEY (chain_id, block_number)
);

CREATE TABLE chain_event (
    chain_id      BIGINT NOT NULL,
    block_number  BIGINT NOT NULL,
    log_index     INTEGER NOT NULL,
    block_hash    TEXT NOT NULL,
    tx_hash       TEXT NOT NULL,
    contract      TEXT NOT NULL,
    name          TEXT NOT NULL,
    account       TEXT,
    amount        NUMERIC(78, 0),
    ref           TEXT,
    unlock_at     TIMESTAMPTZ,
    ingested_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX chain_event_account ON chain_event (account, block_number, log_index);
CREATE INDEX chain_event_ref ON chain_event (ref) WHERE ref IS NOT NULL;

-- Transactions the server must get mined (payouts, slashes): written in the business transaction,
-- sent by exactly one replica (row claims with SKIP LOCKED), retried until mined, closed by the event.
CREATE TABLE chain_outbox (
    id               UUID PRIMARY KEY,
    kind             TEXT NOT NULL CHECK (kind IN ('PAYOUT', 'SLASH')),
    participant_id   UUID REFERENCES participant (id),
    account          TEXT NOT NULL CHECK (account ~ '^0x[0-9a-f]{40}$'),
    amount           NUMERIC(78, 0) NOT NULL CHECK (amount > 0),
    -- bytes32 hex: the payout ref (the contract pays each ref once) or the slash reason hash
    ref              TEXT NOT NULL UNIQUE CHECK (ref ~ '^0x[0-9a-f]{64}$'),
    status           TEXT NOT NULL CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'DONE')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    tx_hash          TEXT,
    claimed_until    TIMESTAMPTZ,
    next_attempt_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX chain_outbox_due ON chain_outbox (next_attempt_at) WHERE status IN ('PENDING', 'SENDING', 'SENT');
CREATE INDEX chain_outbox_participant ON chain_outbox (participant_id, created_at, id);

-- Deposits from wallets nobody has linked yet, waiting for the link (small: the mirror looks here every
-- step instead of scanning all deposits). Gone with their event on a reorg.
CREATE TABLE held_deposit (
    chain_id      BIGINT NOT NULL,
    block_number  BIGINT NOT NULL,
    log_index     INTEGER NOT NULL,
    account       TEXT NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index),
    FOREIGN KEY (chain_id, block_number, log_index) REFERENCES chain_event ON DELETE CASCADE
);
CREATE INDEX held_deposit_account ON held_deposit (account);

-- Deposits credited to the ledger (kept without a foreign key: a reorg's handler reads it to reverse the credit).
CREATE TABLE deposit_credit (
    chain_id        BIGINT NOT NULL,
    block_number    BIGINT NOT NULL,
    log_index       INTEGER NOT NULL,
    participant_id  UUID NOT NULL REFERENCES participant (id),
    ledger_tx       UUID NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
