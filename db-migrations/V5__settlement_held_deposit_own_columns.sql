-- A held deposit keeps what settlement needs to credit it later (amount, block hash), so settlement never reads
-- the chain layer's event table; a reorg's rollback handler deletes the row instead of a cascading foreign key.
ALTER TABLE held_deposit ADD COLUMN amount NUMERIC(78, 0), ADD COLUMN block_hash TEXT;
UPDATE held_deposit h SET amount = e.amount, block_hash = e.block_hash
  FROM chain_event e
 WHERE (e.chain_id, e.block_number, e.log_index) = (h.chain_id, h.block_number, h.log_index);
ALTER TABLE held_deposit ALTER COLUMN amount SET NOT NULL, ALTER COLUMN block_hash SET NOT NULL,
    ADD CONSTRAINT held_deposit_amount_positive CHECK (amount > 0),
    DROP CONSTRAINT held_deposit_chain_id_block_number_log_index_fkey;
