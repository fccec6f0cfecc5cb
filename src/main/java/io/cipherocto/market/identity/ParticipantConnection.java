package io.cipherocto.market.identity;

import io.cipherocto.market.core.page.Connection;
import io.cipherocto.market.core.page.Page;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Type;

/** A page of participants; remembers its filter so {@code totalCount} can count the same set. */
@Type("ParticipantConnection")
public class ParticipantConnection extends Connection<Participant, ParticipantEdge> {

    private final PartnerTier tier;
    private final Role role;

    public ParticipantConnection(Page<Participant> page, PartnerTier tier, Role role) {
        super(page, ParticipantEdge::new);
        this.tier = tier;
        this.role = role;
    }

    @Ignore
    public PartnerTier tier() {
        return tier;
    }

    @Ignore
    public Role role() {
        return role;
    }
}
