-- Withdrawals belong to settlement: the request, its amount and destination wallet, and whether it is paid.
-- The chain outbox only carries the payout transaction (same id); its progress (attempts, tx hash) is read from
-- there, but "paid" is settlement's own state, set when the mirrored Payout event arrives.
CREATE TABLE withdrawal (
    id                UUID PRIMARY KEY,
    participant_id    UUID NOT NULL REFERENCES participant (id),
    wallet            TEXT NOT NULL CHECK (wallet ~ '^0x[0-9a-f]{40}$'),
    amount            NUMERIC(78, 0) NOT NULL CHECK (amount > 0),
    -- bytes32: the PaymentVault pays each reference once
    payout_reference  TEXT NOT NULL CHECK (payout_reference ~ '^0x[0-9a-f]{64}$'),
    status            TEXT NOT NULL CHECK (status IN ('QUEUED', 'PAID')),
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    paid_at           TIMESTAMPTZ,
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT withdrawal_payout_reference_unique UNIQUE (payout_reference),
    CONSTRAINT withdrawal_paid_at CHECK ((status = 'PAID') = (paid_at IS NOT NULL))
);
CREATE INDEX withdrawal_participant_page ON withdrawal (participant_id, created_at, id);

-- Payouts queued before this migration become withdrawals.
INSERT INTO withdrawal (id, participant_id, wallet, amount, payout_reference, status, created_at, paid_at, updated_at)
SELECT id, participant_id, account, amount, ref,
       CASE WHEN status = 'DONE' THEN 'PAID' ELSE 'QUEUED' END,
       created_at, CASE WHEN status = 'DONE' THEN updated_at END, updated_at
  FROM chain_outbox WHERE kind = 'PAYOUT' AND participant_id IS NOT NULL;
