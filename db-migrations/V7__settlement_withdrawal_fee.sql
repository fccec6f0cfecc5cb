-- The fee a withdrawal paid to the platform-fee account (the payout's gas is the server's to pay).
ALTER TABLE withdrawal ADD COLUMN fee NUMERIC(78, 0) NOT NULL DEFAULT 0 CONSTRAINT withdrawal_fee_non_negative CHECK (fee >= 0);
