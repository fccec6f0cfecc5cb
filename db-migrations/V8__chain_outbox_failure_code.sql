-- chain_outbox.last_error holds a failure code (ChainFailure), never exception text: the API shows the code and
-- its sentence, the details are in the server log. Free text stored before becomes UNEXPECTED.
UPDATE chain_outbox SET last_error = 'UNEXPECTED' WHERE last_error IS NOT NULL;
ALTER TABLE chain_outbox ADD CONSTRAINT chain_outbox_last_error_code CHECK (last_error IN
    ('NODE_UNREACHABLE', 'TIMEOUT', 'NONCE_TOO_LOW', 'REJECTED', 'REVERTED', 'REORG', 'UNEXPECTED'));
