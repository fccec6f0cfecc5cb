-- A partner's private quota listing: visible (and purchasable) only by its seller, admins and participants of the
-- seller's partner organisation (partner/ListingView).
ALTER TABLE quota_listing ADD COLUMN partner_only BOOLEAN NOT NULL DEFAULT false;
