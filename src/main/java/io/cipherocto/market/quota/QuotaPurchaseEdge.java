package io.cipherocto.market.quota;

import io.cipherocto.market.core.page.Edge;
import org.eclipse.microprofile.graphql.Type;

@Type("QuotaPurchaseEdge")
public class QuotaPurchaseEdge extends Edge<QuotaPurchase> {

    QuotaPurchaseEdge(String cursor, QuotaPurchase node) {
        super(cursor, node);
    }
}
