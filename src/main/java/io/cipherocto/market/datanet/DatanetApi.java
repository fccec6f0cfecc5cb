package io.cipherocto.market.datanet;

import io.cipherocto.market.core.scalar.Ids;
import io.cipherocto.market.core.error.OctoException;
import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.identity.CurrentCaller;
import io.cipherocto.market.identity.Participant;
import io.cipherocto.market.identity.ParticipantService;
import io.cipherocto.market.partner.AccessPolicy;
import io.cipherocto.market.partner.Action;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/** GraphQL surface of the datanet catalogue: reads for everyone, changes for curators and owners. */
@GraphQLApi
public class DatanetApi {

    @Inject
    CurrentCaller current;

    @Inject
    AccessPolicy policy;

    @Inject
    DatanetService datanets;

    @Inject
    ParticipantService participants;

    @Query
    @Description("One datanet by id or by slug (exactly one of them); null when there is none.")
    public Uni<Datanet> datanet(@Id @Name("id") String id, @Name("slug") String slug) {
        if ((id == null) == (slug == null)) {
            throw OctoException.validation(id == null ? "id" : "slug", "name exactly one of id and slug");
        }
        return id != null ? datanets.byId(Ids.uuid("id", id)) : datanets.bySlug(slug);
    }

    @Query
    @Description("The datanet catalogue, filtered and sorted (default: newest first); ties broken by id.")
    public Uni<@NonNull DatanetConnection> datanets(@Name("first") Integer first, @Name("after") String after,
            @Name("filter") DatanetFilter filter, @Name("orderBy") DatanetOrder orderBy) {
        PageRequest page = PageRequest.of(first, after);
        DatanetService.Filter normalised = DatanetService.Filter.of(filter);
        return datanets.page(page, normalised, orderBy).map(p -> new DatanetConnection(p, normalised));
    }

    @Description("Number of datanets matching the connection's filter, across all pages.")
    public Uni<@NonNull Integer> totalCount(@Source DatanetConnection connection) {
        return datanets.count(connection.filter());
    }

    @Mutation
    @Authenticated
    @Description("Creates a datanet (curator role); the caller becomes its owner and first curator. Omitted terms take "
            + "the server defaults.")
    public Uni<@NonNull Datanet> createDatanet(@NonNull @Name("input") CreateDatanetInput input) {
        policy.require(current.caller(), Action.CURATE);
        return current.participant().chain(me -> datanets.create(me.id(), input));
    }

    @Mutation
    @Authenticated
    @Description("Changes a datanet's metadata, policy or terms (owner only). New terms apply to new submissions.")
    public Uni<@NonNull Datanet> updateDatanet(@NonNull @Name("input") UpdateDatanetInput input) {
        return current.participant().chain(me -> datanets.update(me.id(), input));
    }

    @Mutation
    @Authenticated
    @Description("Adds a curator (owner only); the participant must hold the curator role.")
    public Uni<@NonNull Datanet> addDatanetCurator(@NonNull @Id @Name("datanetId") String datanetId,
            @NonNull @Id @Name("participantId") String participantId) {
        UUID datanet = Ids.uuid("datanetId", datanetId);
        UUID participant = Ids.uuid("participantId", participantId);
        return current.participant().chain(me -> datanets.addCurator(me.id(), datanet, participant));
    }

    @Mutation
    @Authenticated
    @Description("Removes a curator (owner only); the owner cannot be removed.")
    public Uni<@NonNull Datanet> removeDatanetCurator(@NonNull @Id @Name("datanetId") String datanetId,
            @NonNull @Id @Name("participantId") String participantId) {
        UUID datanet = Ids.uuid("datanetId", datanetId);
        UUID participant = Ids.uuid("participantId", participantId);
        return current.participant().chain(me -> datanets.removeCurator(me.id(), datanet, participant));
    }

    @NonNull
    @Description("Who owns the datanet (changes its metadata, terms and curators).")
    public Uni<List<@NonNull Participant>> owner(@Source List<Datanet> page) {
        return datanets.ownersOf(page);
    }

    @NonNull
    @Description("Who curates the datanet, the owner first.")
    public Uni<List<@NonNull List<@NonNull DatanetCurator>>> curators(@Source List<Datanet> page) {
        return datanets.curatorsOf(page.stream().map(Datanet::id).toList());
    }

    @NonNull
    @Description("Contributions by state.")
    public Uni<List<@NonNull DatanetContributionCounts>> contributionCounts(@Source List<Datanet> page) {
        return datanets.contributionCountsOf(page.stream().map(Datanet::id).toList());
    }

    @Description("Every change to the datanet, newest first. Access grants and revocations are listed to its "
            + "curators only.")
    public Uni<@NonNull DatanetChangeConnection> history(@Source Datanet datanet, @Name("first") Integer first,
            @Name("after") String after) {
        PageRequest page = PageRequest.of(first, after);
        Uni<UUID> reader = current.callerIfAny().isPresent() ? current.participant().map(Participant::id)
                : Uni.createFrom().nullItem();
        return reader.chain(me -> datanets.history(datanet.id(), me, page)).map(DatanetChangeConnection::new);
    }

    @NonNull
    @Description("Who made the change.")
    public Uni<List<@NonNull Participant>> actor(@Source List<DatanetChange> changes) {
        return participants.byIds(changes.stream().map(DatanetChange::actorId).toList());
    }
}
