package io.cipherocto.market.datanet;

import io.cipherocto.market.core.scalar.Ids;
import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.datanet.DatanetReaders.Reader;
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
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/** GraphQL surface of gated access: requests, decisions, grants, and the caller's rights on a datanet. */
@GraphQLApi
public class DatanetAccessApi {

    @Inject
    CurrentCaller current;

    @Inject
    AccessPolicy policy;

    @Inject
    DatanetAccessService access;

    @Inject
    DatanetService datanets;

    @Inject
    DatanetReaders readers;

    @Inject
    ParticipantService participants;

    @Inject
    ReputationService reputation;

    @Mutation
    @Authenticated
    @Description("Asks a GATED datanet's curators for read access. After a rejection, ask again from "
            + "myAccess.requestAgainAt.")
    public Uni<@NonNull DatanetAccessRequest> requestDatanetAccess(@NonNull @Id @Name("datanetId") String datanetId,
            @NonNull @Name("reason") String reason) {
        UUID datanet = Ids.uuid("datanetId", datanetId);
        return reader().chain(me -> access.request(me, datanet, reason));
    }

    @Mutation
    @Authenticated
    @Description("Approves or rejects pending access requests, all or none (curators of every request's datanet). "
            + "A reason is required when rejecting; the requester sees it.")
    public Uni<@NonNull List<@NonNull DatanetAccessRequest>> decideAccessRequests(
            @NonNull @Name("ids") List<@NonNull String> ids, @NonNull @Name("approve") boolean approve,
            @Name("reason") String reason) {
        policy.require(current.caller(), Action.CURATE);
        // [String!], not [ID!]: SmallRye 2.17 refuses every value of an ID list argument as the wrong type.
        List<UUID> requests = ids.stream().map(id -> Ids.uuid("ids", id)).toList();
        return current.participant().chain(me -> access.decide(me.id(), requests, approve, reason));
    }

    @Mutation
    @Authenticated
    @Description("Grants read access to a participant or a whole partner organisation (curators only).")
    public Uni<@NonNull DatanetAccessGrant> grantDatanetAccess(@NonNull @Name("input") GrantDatanetAccessInput input) {
        policy.require(current.caller(), Action.CURATE);
        return current.participant().chain(me -> access.grant(me.id(), input));
    }

    @Mutation
    @Authenticated
    @Description("Revokes a grant (curators only).")
    public Uni<@NonNull Datanet> revokeDatanetAccess(@NonNull @Id @Name("datanetId") String datanetId,
            @NonNull @Id @Name("grantId") String grantId) {
        policy.require(current.caller(), Action.CURATE);
        UUID datanet = Ids.uuid("datanetId", datanetId);
        UUID grant = Ids.uuid("grantId", grantId);
        return current.participant().chain(me -> access.revoke(me.id(), datanet, grant))
                .chain(() -> datanets.byId(datanet));
    }

    @Query
    @Authenticated
    @Description("The caller's access requests with their decisions, newest first.")
    public Uni<@NonNull DatanetAccessRequestConnection> myAccessRequests(@Name("first") Integer first,
            @Name("after") String after) {
        PageRequest page = PageRequest.of(first, after);
        return current.participant().chain(me -> access.requestsBy(me.id(), page))
                .map(DatanetAccessRequestConnection::new);
    }

    @Description("Access requests, oldest first (the datanet's curators only).")
    public Uni<DatanetAccessRequestConnection> accessRequests(@Source Datanet datanet,
            @Name("status") DatanetAccessRequest.Status status,
            @Name("overdueOnly") @DefaultValue("false") boolean overdueOnly,
            @Name("first") Integer first, @Name("after") String after) {
        PageRequest page = PageRequest.of(first, after);
        policy.require(current.caller(), Action.CURATE);
        return current.participant().chain(me -> access.requireCurator(datanet.id(), me.id()))
                .chain(() -> access.requestsOf(datanet.id(), status, overdueOnly, page))
                .map(DatanetAccessRequestConnection::new);
    }

    @Description("Read grants, oldest first (the datanet's curators only).")
    public Uni<DatanetAccessGrantConnection> accessGrants(@Source Datanet datanet, @Name("first") Integer first,
            @Name("after") String after) {
        PageRequest page = PageRequest.of(first, after);
        policy.require(current.caller(), Action.CURATE);
        return current.participant().chain(me -> access.requireCurator(datanet.id(), me.id()))
                .chain(() -> access.grantsOf(datanet.id(), page))
                .map(DatanetAccessGrantConnection::new);
    }

    @NonNull
    @Description("What the caller may do with the datanet (anonymous: read OPEN datanets only).")
    public Uni<List<@NonNull DatanetAccess>> myAccess(@Source List<Datanet> page) {
        return readerOrAnonymous().chain(me -> access.accessOf(page.stream().map(Datanet::id).toList(), me));
    }

    @NonNull
    public Uni<List<@NonNull Datanet>> datanet(@Source List<DatanetAccessRequest> requests) {
        return datanets.byIds(requests.stream().map(DatanetAccessRequest::datanetId).toList());
    }

    @NonNull
    public Uni<List<@NonNull Participant>> requester(@Source List<DatanetAccessRequest> requests) {
        return participants.byIds(requests.stream().map(DatanetAccessRequest::requesterId).toList());
    }

    @NonNull
    @Description("The requester's overall reputation from datanet verdicts.")
    public Uni<List<@NonNull Reputation>> requesterReputation(@Source List<DatanetAccessRequest> requests) {
        return reputation.overallOf(requests.stream().map(DatanetAccessRequest::requesterId).toList());
    }

    @Description("The curator who decided.")
    public Uni<List<Participant>> decidedBy(@Source List<DatanetAccessRequest> requests) {
        return participants.byIds(requests.stream().map(DatanetAccessRequest::decidedById).toList());
    }

    @Description("The participant granted; null for a partner-organisation grant.")
    public Uni<List<Participant>> participant(@Source List<DatanetAccessGrant> grants) {
        return participants.byIds(grants.stream().map(DatanetAccessGrant::participantId).toList());
    }

    @NonNull
    public Uni<List<@NonNull Participant>> grantedBy(@Source List<DatanetAccessGrant> grants) {
        return participants.byIds(grants.stream().map(DatanetAccessGrant::grantedById).toList());
    }

    private Uni<Reader> reader() {
        return current.participant().map(me -> readers.readerOf(current.caller(), me));
    }

    private Uni<Reader> readerOrAnonymous() {
        return current.callerIfAny().isPresent() ? reader() : Uni.createFrom().item(Reader.ANONYMOUS);
    }
}
