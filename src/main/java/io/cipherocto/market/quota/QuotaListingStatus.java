package io.cipherocto.market.quota;

import org.eclipse.microprofile.graphql.Enum;

/** LISTED: for sale until it expires; DELISTED: withdrawn by the seller (open purchases run on). */
@Enum("QuotaListingStatus")
public enum QuotaListingStatus {
    LISTED, DELISTED
}
