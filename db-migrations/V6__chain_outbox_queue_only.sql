-- The outbox is a queue of chain transactions and knows no feature: withdrawals (with their participant) live in
-- settlement's withdrawal table now (V4). One name per concept: a bytes32 payout reference or slash reason hash
-- is a "reference" in SQL, Java and GraphQL alike.
ALTER TABLE chain_outbox DROP COLUMN participant_id;
ALTER TABLE chain_outbox RENAME COLUMN ref TO reference;
ALTER TABLE chain_outbox RENAME CONSTRAINT chain_outbox_ref_key TO chain_outbox_reference_key;
ALTER TABLE chain_event RENAME COLUMN ref TO reference;
ALTER INDEX chain_event_ref RENAME TO chain_event_reference;
