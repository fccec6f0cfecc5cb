package io.cipherocto.market.identity;

import io.cipherocto.market.core.live.LiveEvents;
import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.partner.PartnerTier;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/** GraphQL surface of identity: who am I, wallet linking, and the admin's participant list. */
@GraphQLApi
public class IdentityApi {

    @Inject
    SecurityIdentity identity;

    @Inject
    IdentityService participants;

    @Inject
    WalletService wallets;

    @Inject
    LiveEvents live;

    @Query
    @Authenticated
    @Description("The participant behind the bearer token; created on first use.")
    public Uni<@NonNull Participant> me() {
        return participants.current(identity);
    }

    @Mutation
    @Authenticated
    @Description("Issues a one-time message (valid 5 minutes) for the wallet owner to sign with personal_sign.")
    public Uni<@NonNull WalletChallenge> walletChallenge(@NonNull @Name("address") String address) {
        return participants.current(identity).flatMap(p -> wallets.challenge(p.id(), address));
    }

    @Mutation
    @Authenticated
    @Description("Links the wallet whose key signed the newest challenge for this address (EIP-191 personal_sign).")
    public Uni<@NonNull Wallet> linkWallet(@NonNull @Name("address") String address,
            @NonNull @Name("signature") String signature) {
        return participants.current(identity)
                .flatMap(p -> wallets.link(p.id(), address, signature));
    }

    @Subscription
    @Authenticated
    @Description("The caller's participant now, then again after every change (e.g. a wallet linked). "
            + "Over graphql-transport-ws; send the token as `Authorization` in the connection_init payload. "
            + "Nullable only so that a refusal reaches the client as an error with a code.")
    public Multi<Participant> meUpdated() {
        return participants.current(identity).onItem().transformToMulti(me -> {
            // Listen first, then read: a change racing the first read is seen twice, never missed.
            // Each event is a new Participant value (updatedAt moves), so the subscription's batch loader,
            // which caches by source value, fetches its wallets afresh.
            Multi<Participant> changes = live.notices(IdentityService.TOPIC, me.id().toString())
                    .onItem().transformToUniAndConcatenate(notice -> participants.byId(me.id()));
            return Multi.createBy().merging().streams(changes, participants.byId(me.id()).toMulti());
        });
    }

    @Query
    @RolesAllowed("admin")
    @Description("All participants, oldest first (admin only).")
    public Uni<@NonNull ParticipantConnection> participants(@Name("first") Integer first, @Name("after") String after,
            @Name("partnerTier") PartnerTier partnerTier, @Name("role") Role role) {
        return participants.page(PageRequest.of(first, after), partnerTier, role)
                .map(page -> new ParticipantConnection(page, partnerTier, role));
    }

    @Description("Number of participants matching the connection's filter, across all pages.")
    public Uni<@NonNull Integer> totalCount(@Source ParticipantConnection connection) {
        return participants.count(connection.tier(), connection.role());
    }

    @NonNull
    @Description("Wallets linked to this participant, oldest first.")
    public Uni<List<@NonNull List<@NonNull Wallet>>> wallets(@Source List<Participant> owners) {
        return participants.walletsOf(owners.stream().map(Participant::id).toList());
    }
}
