-- Double-entry settlement ledger. Invariants are the database's, not only the code's:
--   * every ledger transaction's entries sum to zero (deferred constraint trigger, checked at commit);
--   * no participant account goes below zero (CHECK on the balance the entry trigger maintains);
--   * entries and transactions are append-only (corrections are new, reversing transactions).

CREATE TABLE ledger_account (
    id               UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    participant_id   UUID REFERENCES participant (id),
    kind             TEXT NOT NULL CHECK (kind IN ('AVAILABLE', 'ESCROW', 'BONDED', 'PLATFORM_FEE', 'TREASURY', 'VAULT')),
    balance          NUMERIC(78, 0) NOT NULL DEFAULT 0,
    -- VAULT mirrors the tokens the PaymentVault contract holds for users: it is the contra account of
    -- deposits and payouts and is the only one that runs negative.
    may_go_negative  BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT ledger_account_non_negative CHECK (may_go_negative OR balance >= 0),
    CONSTRAINT ledger_account_owner CHECK ((participant_id IS NULL) = (kind IN ('PLATFORM_FEE', 'TREASURY', 'VAULT'))),
    CONSTRAINT ledger_account_unique UNIQUE (participant_id, kind)
);
CREATE UNIQUE INDEX ledger_account_system ON ledger_account (kind) WHERE participant_id IS NULL;
INSERT INTO ledger_account (kind, may_go_negative) VALUES ('PLATFORM_FEE', false), ('TREASURY', false), ('VAULT', true);

CREATE TABLE ledger_transaction (
    id          UUID PRIMARY KEY,
    kind        TEXT NOT NULL,
    -- idempotency key: posting the same ref twice returns the first transaction
    ref         TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE ledger_entry (
    id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    transaction_id  UUID NOT NULL REFERENCES ledger_transaction (id),
    account_id      UUID NOT NULL REFERENCES ledger_account (id),
    amount          NUMERIC(78, 0) NOT NULL CHECK (amount <> 0),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ledger_entry_account_page ON ledger_entry (account_id, created_at, id);
CREATE INDEX ledger_entry_transaction ON ledger_entry (transaction_id);

CREATE FUNCTION ledger_apply_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ledger_account SET balance = balance + NEW.amount WHERE id = NEW.account_id;
    RETURN NEW;
END $$;
CREATE TRIGGER ledger_entry_apply AFTER INSERT ON ledger_entry FOR EACH ROW EXECUTE FUNCTION ledger_apply_entry();

CREATE FUNCTION ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT sum(amount) FROM ledger_entry WHERE transaction_id = NEW.transaction_id) <> 0 THEN
        RAISE EXCEPTION 'ledger transaction % does not sum to zero', NEW.transaction_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transaction_balanced';
    END IF;
    RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER ledger_entry_balanced AFTER INSERT ON ledger_entry
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced();

CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: post a reversing transaction instead'
        USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_transaction_append_only BEFORE UPDATE OR DELETE ON ledger_transaction
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
