package io.cipherocto.market.quota;

import io.cipherocto.market.core.page.Connection;
import io.cipherocto.market.core.page.Page;
import org.eclipse.microprofile.graphql.Type;

@Type("QuotaListingConnection")
public class QuotaListingConnection extends Connection<QuotaListing, QuotaListingEdge> {

    QuotaListingConnection(Page<QuotaListing> page) {
        super(page, QuotaListingEdge::new);
    }
}
