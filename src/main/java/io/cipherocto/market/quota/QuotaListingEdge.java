package io.cipherocto.market.quota;

import io.cipherocto.market.core.page.Edge;
import org.eclipse.microprofile.graphql.Type;

@Type("QuotaListingEdge")
public class QuotaListingEdge extends Edge<QuotaListing> {

    QuotaListingEdge(String cursor, QuotaListing node) {
        super(cursor, node);
    }
}
