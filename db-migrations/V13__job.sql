-- Compute jobs: a consumer submits a job with its budget escrowed; a staked operator claims it under a lease,
-- heartbeats extend the lease and carry progress, and it finishes with a signed attestation. Every change of a job
-- is also an append-only event (job_event) that live subscriptions replay from a cursor.

CREATE TABLE job_operator (
    participant_id  UUID PRIMARY KEY REFERENCES participant (id),
    -- the linked wallet whose stake covers the operator minimum and that signs attestations (lower-case 0x hex)
    wallet          TEXT NOT NULL CHECK (wallet ~ '^0x[0-9a-f]{40}$'),
    gpu_class       TEXT NOT NULL CHECK (gpu_class ~ '^[A-Z0-9_]{1,40}$'),
    memory_gb       INTEGER NOT NULL CHECK (memory_gb BETWEEN 1 AND 100000),
    completed       INTEGER NOT NULL DEFAULT 0,
    failed          INTEGER NOT NULL DEFAULT 0,
    -- leases the operator let lapse (a requeue each); every octo.jobs.slash-after-abandoned-th one asks for a slash
    abandoned       INTEGER NOT NULL DEFAULT 0,
    reputation      INTEGER GENERATED ALWAYS AS (2 * completed - failed - 5 * abandoned) STORED,
    registered_at   TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE job (
    id                    UUID PRIMARY KEY,
    kind                  TEXT NOT NULL CHECK (kind IN ('TRAINING', 'FINE_TUNE', 'INFERENCE')),
    consumer_id           UUID NOT NULL REFERENCES participant (id),
    model_id              UUID REFERENCES model (id),
    datanet_ids           UUID[] NOT NULL DEFAULT '{}',
    gpu_class             TEXT NOT NULL CHECK (gpu_class ~ '^[A-Z0-9_]{1,40}$'),
    memory_gb             INTEGER NOT NULL CHECK (memory_gb BETWEEN 1 AND 100000),
    max_duration_seconds  INTEGER NOT NULL CHECK (max_duration_seconds > 0),
    budget                NUMERIC(78, 0) NOT NULL CHECK (budget > 0),
    -- metered usage the operator reported by heartbeat (cumulative, never above the budget)
    spent                 NUMERIC(78, 0) NOT NULL DEFAULT 0,
    fee_bps               INTEGER NOT NULL CHECK (fee_bps BETWEEN 0 AND 10000),
    state                 TEXT NOT NULL CHECK (state IN ('QUEUED', 'ASSIGNED', 'RUNNING', 'STALLED', 'SUCCEEDED',
                                                         'FAILED', 'CANCELLED', 'EXPIRED')),
    reason                TEXT,
    since                 TIMESTAMPTZ NOT NULL,
    -- when the current state runs out (null only in terminal states); the deadline worker moves the job on
    deadline              TIMESTAMPTZ,
    -- a queued job expires (refunded) at this time however often it was requeued
    queue_expires_at      TIMESTAMPTZ NOT NULL,
    operator_id           UUID REFERENCES participant (id),
    attempts              INTEGER NOT NULL DEFAULT 0,
    progress              INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    heartbeat_at          TIMESTAMPTZ,
    started_at            TIMESTAMPTZ,
    budget_low_at         TIMESTAMPTZ,
    result_hash           TEXT,
    attestation           TEXT,
    -- settlement at the end: paid to the operator (gross, fee included), the platform's fee, refunded to the consumer
    paid                  NUMERIC(78, 0) NOT NULL DEFAULT 0,
    fee                   NUMERIC(78, 0) NOT NULL DEFAULT 0,
    refunded              NUMERIC(78, 0) NOT NULL DEFAULT 0,
    log_lines             INTEGER NOT NULL DEFAULT 0,
    idempotency_key       TEXT CHECK (idempotency_key IS NULL OR length(idempotency_key) BETWEEN 1 AND 200),
    request_hash          TEXT,
    created_at            TIMESTAMPTZ NOT NULL,
    finished_at           TIMESTAMPTZ,
    CONSTRAINT job_spent CHECK (spent >= 0 AND spent <= budget),
    CONSTRAINT job_settled CHECK (paid >= 0 AND fee >= 0 AND fee <= paid AND refunded >= 0 AND paid + refunded <= budget),
    CONSTRAINT job_deadline CHECK ((state IN ('SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED')) = (deadline IS NULL)),
    CONSTRAINT job_finished CHECK ((state IN ('SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED')) = (finished_at IS NOT NULL)),
    CONSTRAINT job_operator CHECK (state NOT IN ('ASSIGNED', 'RUNNING', 'STALLED') OR operator_id IS NOT NULL),
    CONSTRAINT job_idempotency UNIQUE (consumer_id, idempotency_key)
);
CREATE INDEX job_consumer ON job (consumer_id, created_at, id);
CREATE INDEX job_operator_jobs ON job (operator_id, created_at, id) WHERE operator_id IS NOT NULL;
CREATE INDEX job_due ON job (deadline) WHERE deadline IS NOT NULL;
CREATE INDEX job_queued ON job (gpu_class, memory_gb, created_at, id) WHERE state = 'QUEUED';

-- Bounded log of a job (the last octo.jobs.max-log-lines lines are kept), readable after it ends.
CREATE TABLE job_log (
    job_id  UUID NOT NULL REFERENCES job (id),
    n       INTEGER NOT NULL,
    at      TIMESTAMPTZ NOT NULL,
    line    TEXT NOT NULL CHECK (length(line) <= 2000),
    PRIMARY KEY (job_id, n)
);

-- A slash asked for because an operator kept abandoning leases; the mirrored Slashed event confirms it.
CREATE TABLE job_slash (
    reason_hash  TEXT PRIMARY KEY,
    job_id       UUID NOT NULL REFERENCES job (id),
    operator_id  UUID NOT NULL REFERENCES participant (id),
    wallet       TEXT NOT NULL,
    amount       NUMERIC(78, 0) NOT NULL CHECK (amount > 0),
    status       TEXT NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'REVERTED')),
    created_at   TIMESTAMPTZ NOT NULL
);

-- The append-only history of every job. Position = (tx, seq): tx is the writing transaction's id, seq a sequence.
-- Readers deliver only rows whose tx is below the oldest transaction still running (pg_snapshot_xmin), in
-- (tx, seq) order: a transaction that started earlier but commits later has a lower tx and is waited for, so a
-- cursor never skips a row that commits after it (see README "Job events").
CREATE TABLE job_event (
    tx           XID8 NOT NULL DEFAULT pg_current_xact_id(),
    seq          BIGINT GENERATED ALWAYS AS IDENTITY,
    job_id       UUID NOT NULL REFERENCES job (id),
    consumer_id  UUID NOT NULL,
    -- the operator holding (or just losing) the job when it happened
    operator_id  UUID,
    -- the job's state and requirements after the event: what operators' feeds of runnable jobs filter on
    state        TEXT NOT NULL,
    gpu_class    TEXT NOT NULL,
    memory_gb    INTEGER NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('SUBMITTED', 'STATE_CHANGED', 'PROGRESS', 'LOG', 'BUDGET_LOW', 'PAYMENT')),
    data         JSONB NOT NULL,
    at           TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tx, seq)
);
CREATE INDEX job_event_job ON job_event (job_id, tx, seq);
CREATE INDEX job_event_consumer ON job_event (consumer_id, tx, seq);
CREATE INDEX job_event_operator ON job_event (operator_id, tx, seq) WHERE operator_id IS NOT NULL;
CREATE INDEX job_event_at ON job_event (at);

-- The newest position pruned by retention: a cursor at or below it gets RESYNC.
CREATE TABLE job_event_horizon (
    id    BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (id),
    tx    XID8 NOT NULL,
    seq   BIGINT NOT NULL
);
