package io.cipherocto.market.partner;

import io.cipherocto.market.core.page.Edge;
import org.eclipse.microprofile.graphql.Type;

@Type("PartnerStageChangeEdge")
public class PartnerStageChangeEdge extends Edge<PartnerStageChange> {

    PartnerStageChangeEdge(String cursor, PartnerStageChange node) {
        super(cursor, node);
    }
}
