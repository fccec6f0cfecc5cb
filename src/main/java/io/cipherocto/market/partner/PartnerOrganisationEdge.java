package io.cipherocto.market.partner;

import io.cipherocto.market.core.page.Edge;
import org.eclipse.microprofile.graphql.Type;

@Type("PartnerOrganisationEdge")
public class PartnerOrganisationEdge extends Edge<PartnerOrganisation> {

    PartnerOrganisationEdge(String cursor, PartnerOrganisation node) {
        super(cursor, node);
    }
}
