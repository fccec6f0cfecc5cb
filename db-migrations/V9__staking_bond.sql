-- Bonds: parts of a wallet's on-chain stake held as surety for something the server lets a participant do (a
-- datanet contribution, later a claimed job). A wallet can only bond what its mirrored stake minus its held bonds
-- covers, so one stake cannot back unlimited submissions (StakeService.holdBond, serialized per wallet).
CREATE TABLE stake_bond (
    reference       TEXT PRIMARY KEY,
    participant_id  UUID NOT NULL REFERENCES participant (id),
    wallet          TEXT NOT NULL CHECK (wallet ~ '^0x[0-9a-f]{40}$'),
    amount          NUMERIC(78, 0) NOT NULL CHECK (amount > 0),
    -- HELD until released (nothing lost) or consumed (the mirrored slash took its share)
    status          TEXT NOT NULL CHECK (status IN ('HELD', 'RELEASED', 'CONSUMED')),
    held_at         TIMESTAMPTZ NOT NULL,
    settled_at      TIMESTAMPTZ,
    CONSTRAINT stake_bond_settled CHECK ((status = 'HELD') = (settled_at IS NULL))
);
CREATE INDEX stake_bond_held ON stake_bond (wallet) WHERE status = 'HELD';

-- The ledger mirrors bonds: participant BONDED against the platform's STAKE account, the contra account of the
-- stake the ledger accounts for (bonds held, and slashed stake that reached the on-chain treasury). Like VAULT it
-- runs negative by design.
ALTER TABLE ledger_account DROP CONSTRAINT ledger_account_kind_check;
ALTER TABLE ledger_account ADD CONSTRAINT ledger_account_kind_check
    CHECK (kind IN ('AVAILABLE', 'ESCROW', 'BONDED', 'PLATFORM_FEE', 'TREASURY', 'VAULT', 'STAKE'));
ALTER TABLE ledger_account DROP CONSTRAINT ledger_account_owner;
ALTER TABLE ledger_account ADD CONSTRAINT ledger_account_owner
    CHECK ((participant_id IS NULL) = (kind IN ('PLATFORM_FEE', 'TREASURY', 'VAULT', 'STAKE')));
INSERT INTO ledger_account (kind, may_go_negative) VALUES ('STAKE', true);
