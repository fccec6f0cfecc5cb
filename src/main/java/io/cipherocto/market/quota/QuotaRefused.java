package io.cipherocto.market.quota;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.OctoException;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/** A quota command clashes with the resale policy, the listing's or purchase's state, or with who is asking. */
public final class QuotaRefused extends OctoException {

    public enum Reason implements io.cipherocto.market.core.error.Reason {
        /** The provider's resale policy is DENIED: its terms forbid resale. */
        RESALE_DENIED(ErrorCode.FORBIDDEN),
        /** Sellers do not buy their own listings. */
        OWN_LISTING(ErrorCode.FORBIDDEN),
        /** Only the listing's seller may do this (report usage, delist, see its purchases). */
        NOT_LISTING_SELLER(ErrorCode.FORBIDDEN),
        /** Only the purchase's buyer may cancel it. */
        NOT_PURCHASE_BUYER(ErrorCode.FORBIDDEN),
        /** The listing has expired. */
        LISTING_EXPIRED(ErrorCode.CONFLICT),
        /** The seller delisted it. */
        LISTING_DELISTED(ErrorCode.CONFLICT),
        /** Fewer tokens remain than asked for. */
        NOT_ENOUGH_REMAINING(ErrorCode.CONFLICT),
        /** Below the listing's minimum purchase (and not all that remains). */
        BELOW_MINIMUM(ErrorCode.CONFLICT),
        /** The idempotency key was used before with a different request. */
        IDEMPOTENCY_KEY_REUSED(ErrorCode.CONFLICT),
        /** The reported usage would exceed the tokens bought. */
        USAGE_EXCEEDS_PURCHASE(ErrorCode.CONFLICT),
        /** The purchase is closed (used up, cancelled or expired). */
        PURCHASE_CLOSED(ErrorCode.CONFLICT);

        private final ErrorCode code;

        Reason(ErrorCode code) {
            this.code = code;
        }

        @Override
        public ErrorCode code() {
            return code;
        }
    }

    private QuotaRefused(Reason reason, String message, Map<String, Object> identifiers) {
        super(reason, message, identifiers);
    }

    static QuotaRefused resaleDenied(QuotaProvider provider) {
        return new QuotaRefused(Reason.RESALE_DENIED, "this marketplace does not resell " + provider + " quota",
                Map.of("provider", provider.name(), "action", "LIST_QUOTA"));
    }

    static QuotaRefused ownListing(UUID listing) {
        return new QuotaRefused(Reason.OWN_LISTING, "not your own listing",
                Map.of("listingId", listing.toString(), "action", "BUY_QUOTA"));
    }

    static QuotaRefused notSeller(UUID listing) {
        return new QuotaRefused(Reason.NOT_LISTING_SELLER, "only the listing's seller may do this",
                Map.of("listingId", listing.toString()));
    }

    static QuotaRefused notBuyer(UUID purchase) {
        return new QuotaRefused(Reason.NOT_PURCHASE_BUYER, "only the buyer may cancel the purchase",
                Map.of("purchaseId", purchase.toString()));
    }

    static QuotaRefused expired(UUID listing, OffsetDateTime expiresAt) {
        return new QuotaRefused(Reason.LISTING_EXPIRED, "the listing has expired",
                Map.of("listingId", listing.toString(), "expiresAt", expiresAt.toString()));
    }

    static QuotaRefused delisted(UUID listing) {
        return new QuotaRefused(Reason.LISTING_DELISTED, "the listing was delisted",
                Map.of("listingId", listing.toString()));
    }

    static QuotaRefused notEnoughRemaining(UUID listing, long remaining) {
        return new QuotaRefused(Reason.NOT_ENOUGH_REMAINING, "fewer tokens remain than asked for",
                Map.of("listingId", listing.toString(), "remaining", Long.toString(remaining)));
    }

    static QuotaRefused belowMinimum(UUID listing, long minimum) {
        return new QuotaRefused(Reason.BELOW_MINIMUM, "below the listing's minimum purchase",
                Map.of("listingId", listing.toString(), "minimum", Long.toString(minimum)));
    }

    static QuotaRefused keyReused(String key) {
        return new QuotaRefused(Reason.IDEMPOTENCY_KEY_REUSED, "this idempotency key was used for another request",
                Map.of("idempotencyKey", key));
    }

    static QuotaRefused usageExceeds(UUID purchase, long remaining) {
        return new QuotaRefused(Reason.USAGE_EXCEEDS_PURCHASE, "usage beyond the tokens bought",
                Map.of("purchaseId", purchase.toString(), "remaining", Long.toString(remaining)));
    }

    static QuotaRefused closed(UUID purchase) {
        return new QuotaRefused(Reason.PURCHASE_CLOSED, "the purchase is closed",
                Map.of("purchaseId", purchase.toString()));
    }
}
