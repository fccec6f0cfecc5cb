package io.cipherocto.market.partner;

import io.cipherocto.market.core.page.Edge;
import io.cipherocto.market.identity.Participant;
import org.eclipse.microprofile.graphql.Type;

@Type("PartnerMemberEdge")
public class PartnerMemberEdge extends Edge<Participant> {

    PartnerMemberEdge(String cursor, Participant node) {
        super(cursor, node);
    }
}
