package io.cipherocto.market.identity;

import io.cipherocto.market.core.live.LiveEvents;
import io.cipherocto.market.core.scalar.EvmAddress;
import io.quarkus.security.Authenticated;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/** GraphQL surface of identity: who am I, wallet linking, live updates of me, and a participant's wallets. */
@GraphQLApi
public class IdentityApi {

    @Inject
    CurrentCaller current;

    @Inject
    ParticipantService participants;

    @Inject
    WalletService wallets;

    @Inject
    LiveEvents live;

    @Query
    @Authenticated
    @Description("The participant behind the bearer token; created on first use.")
    public Uni<@NonNull Participant> me() {
        return current.participant();
    }

    @Mutation
    @Authenticated
    @Description("Issues a one-time message (valid 5 minutes) for the wallet owner to sign with personal_sign.")
    public Uni<@NonNull WalletChallenge> walletChallenge(@NonNull @Name("address") EvmAddress address) {
        return current.participant().flatMap(p -> wallets.challenge(p.id(), address));
    }

    @Mutation
    @Authenticated
    @Description("Links the wallet whose key signed the newest challenge for this address (EIP-191 personal_sign).")
    public Uni<@NonNull Wallet> linkWallet(@NonNull @Name("address") EvmAddress address,
            @NonNull @Name("signature") String signature) {
        return current.participant().flatMap(p -> wallets.link(p.id(), address, signature));
    }

    @Subscription
    @Authenticated
    @Description("The caller's participant now, then again after every change (e.g. a wallet linked). "
            + "Over graphql-transport-ws; send the token as `Authorization` in the connection_init payload. "
            + "Nullable only so that a refusal reaches the client as an error with a code.")
    public Multi<Participant> meUpdated() {
        // Each event is a new Participant value (updatedAt moves), so the subscription's batch loader, which caches
        // by source value, fetches its wallets afresh.
        return current.participant().onItem().transformToMulti(me ->
                live.watch(ParticipantService.TOPIC, me.id().toString(), () -> participants.byId(me.id())));
    }

    @NonNull
    @Description("Wallets linked to this participant, oldest first.")
    public Uni<List<@NonNull List<@NonNull Wallet>>> wallets(@Source List<Participant> owners) {
        return participants.walletsOf(owners.stream().map(Participant::id).toList());
    }
}
