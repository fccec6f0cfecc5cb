-- A partner's private listing: a model version visible only to its owner, admins and participants of the owner's
-- partner organisation (partner/ListingView); agents built on it inherit that (an agent is visible when all its
-- models are).
ALTER TABLE model ADD COLUMN partner_only BOOLEAN NOT NULL DEFAULT false;
