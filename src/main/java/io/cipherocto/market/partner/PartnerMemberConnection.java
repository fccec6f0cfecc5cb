package io.cipherocto.market.partner;

import io.cipherocto.market.core.page.Connection;
import io.cipherocto.market.core.page.Page;
import io.cipherocto.market.identity.Participant;
import org.eclipse.microprofile.graphql.Type;

/** A page of an organisation's members (participants); memberCount on the organisation counts them all. */
@Type("PartnerMemberConnection")
public class PartnerMemberConnection extends Connection<Participant, PartnerMemberEdge> {

    PartnerMemberConnection(Page<Participant> page) {
        super(page, PartnerMemberEdge::new);
    }
}
