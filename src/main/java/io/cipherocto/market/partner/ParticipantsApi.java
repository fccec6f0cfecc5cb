package io.cipherocto.market.partner;

import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.identity.CurrentCaller;
import io.cipherocto.market.identity.ParticipantService;
import io.cipherocto.market.identity.ParticipantConnection;
import io.cipherocto.market.identity.PartnerTier;
import io.cipherocto.market.identity.Role;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/** The operators' view of who is on the marketplace, by tier and role ({@link Action#ADMINISTER}). */
@GraphQLApi
public class ParticipantsApi {

    @Inject
    CurrentCaller current;

    @Inject
    AccessPolicy policy;

    @Inject
    ParticipantService participants;

    @Query
    @Description("All participants, oldest first (admin only).")
    public Uni<@NonNull ParticipantConnection> participants(@Name("first") Integer first, @Name("after") String after,
            @Name("partnerTier") PartnerTier partnerTier, @Name("role") Role role) {
        policy.require(current.caller(), Action.ADMINISTER);
        return participants.page(PageRequest.of(first, after), partnerTier, role)
                .map(page -> new ParticipantConnection(page, partnerTier, role));
    }

    @Description("Number of participants matching the connection's filter, across all pages.")
    public Uni<@NonNull Integer> totalCount(@Source ParticipantConnection connection) {
        return participants.count(connection.tier(), connection.role());
    }
}
