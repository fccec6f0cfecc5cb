package io.cipherocto.market.quota;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;

/** Which quota listings a page shows; every condition given must hold. */
@Input("QuotaListingFilter")
public record QuotaListingFilter(
        QuotaProvider provider,
        @Description("Model family, case-insensitive exact match.") String modelFamily,
        @Id String seller,
        @Description("Only LISTED, unexpired listings with tokens left.") Boolean activeOnly) {
}
