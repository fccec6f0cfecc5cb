package io.cipherocto.market.partner;

import io.cipherocto.market.core.page.Connection;
import io.cipherocto.market.core.page.Page;
import org.eclipse.microprofile.graphql.Type;

@Type("PartnerStageChangeConnection")
public class PartnerStageChangeConnection extends Connection<PartnerStageChange, PartnerStageChangeEdge> {

    PartnerStageChangeConnection(Page<PartnerStageChange> page) {
        super(page, PartnerStageChangeEdge::new);
    }
}
