package io.cipherocto.market.settlement;

import io.cipherocto.market.core.page.Edge;
import org.eclipse.microprofile.graphql.Type;

@Type("PartnerRevenueShareEdge")
public class PartnerRevenueShareEdge extends Edge<PartnerRevenueShare> {

    PartnerRevenueShareEdge(String cursor, PartnerRevenueShare node) {
        super(cursor, node);
    }
}
