package io.cipherocto.market.agent;

import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.core.scalar.Ids;
import io.cipherocto.market.identity.CurrentCaller;
import io.cipherocto.market.identity.Participant;
import io.cipherocto.market.model.Model;
import io.cipherocto.market.partner.AccessPolicy;
import io.cipherocto.market.partner.ListingView;
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

/** GraphQL surface of agents: the public catalogue, listing for owners, usage reported by gateways. */
@GraphQLApi
public class AgentApi {

    @Inject
    CurrentCaller current;

    @Inject
    AccessPolicy policy;

    @Inject
    AgentService agents;

    @Query
    @Description("One agent, in any status; null when there is none.")
    public Uni<Agent> agent(@NonNull @Id @Name("id") String id) {
        return agents.byId(Ids.uuid("id", id), view());
    }

    @Query
    @Description("The agent catalogue: LISTED agents, filtered and sorted (default: newest first); ties broken by id.")
    public Uni<@NonNull AgentConnection> agents(@Name("first") Integer first, @Name("after") String after,
            @Name("filter") AgentFilter filter, @Name("orderBy") AgentOrder orderBy) {
        PageRequest page = PageRequest.of(first, after);
        AgentService.Filter normalised = AgentService.Filter.of(filter, view());
        return agents.page(page, normalised, orderBy).map(p -> new AgentConnection(p, normalised, null));
    }

    @Description("Number of agents in the list across all pages (the catalogue: matching its filter; myAgents: all "
            + "the caller's).")
    public Uni<@NonNull Integer> totalCount(@Source AgentConnection connection) {
        return connection.filter() == null ? agents.countMine(connection.owner()) : agents.count(connection.filter());
    }

    @Query
    @Authenticated
    @Description("The caller's own agents in every status, newest first.")
    public Uni<@NonNull AgentConnection> myAgents(@Name("first") Integer first, @Name("after") String after) {
        PageRequest page = PageRequest.of(first, after);
        return current.participant().chain(me -> agents.mine(me.id(), page)
                .map(p -> new AgentConnection(p, null, me.id())));
    }

    @Query
    @Authenticated
    @Description("The agent's billed usage, newest first (its owner only).")
    public Uni<@NonNull AgentUsageConnection> agentUsage(@NonNull @Id @Name("agentId") String agentId,
            @Name("first") Integer first, @Name("after") String after) {
        UUID agent = Ids.uuid("agentId", agentId);
        PageRequest page = PageRequest.of(first, after);
        return current.participant().chain(me -> agents.usage(me.id(), agent, page)).map(AgentUsageConnection::new);
    }

    @Mutation
    @Authenticated
    @Description("Creates an agent as DRAFT (role contributor, operator or consumer); the caller owns it.")
    public Uni<@NonNull Agent> createAgent(@NonNull @Name("input") CreateAgentInput input) {
        policy.require(current.caller(), Action.LIST_AGENT);
        return current.participant().chain(me -> agents.create(me.id(), input, view()));
    }

    @Mutation
    @Authenticated
    @Description("Changes an agent's name, description, price or models (owner only).")
    public Uni<@NonNull Agent> updateAgent(@NonNull @Name("input") UpdateAgentInput input) {
        policy.require(current.caller(), Action.LIST_AGENT);
        return current.participant().chain(me -> agents.update(me.id(), input, view()));
    }

    @Mutation
    @Authenticated
    @Description("Lists a DRAFT or DELISTED agent (owner only): it enters the catalogue and accepts usage.")
    public Uni<@NonNull Agent> listAgent(@NonNull @Id @Name("id") String id) {
        policy.require(current.caller(), Action.LIST_AGENT);
        UUID agent = Ids.uuid("id", id);
        return current.participant().chain(me -> agents.moveTo(me.id(), agent, AgentStatus.LISTED));
    }

    @Mutation
    @Authenticated
    @Description("Delists a LISTED agent (owner only): it leaves the catalogue and refuses usage.")
    public Uni<@NonNull Agent> delistAgent(@NonNull @Id @Name("id") String id) {
        policy.require(current.caller(), Action.LIST_AGENT);
        UUID agent = Ids.uuid("id", id);
        return current.participant().chain(me -> agents.moveTo(me.id(), agent, AgentStatus.DELISTED));
    }

    @Mutation
    @Authenticated
    @Description("Bills a LISTED agent's usage to its consumer (operator role: the agent's gateway). amount = "
            + "pricePerCall × calls (1..10^9 calls); the owner gets it less the commission (rounded down). The same "
            + "idempotencyKey returns the first record and never charges twice; reused for another request it is "
            + "CONFLICT IDEMPOTENCY_KEY_REUSED.")
    public Uni<@NonNull AgentUsage> recordAgentUsage(@NonNull @Id @Name("agentId") String agentId,
            @NonNull @Id @Name("consumerId") String consumerId, @NonNull @Name("calls") int calls,
            @NonNull @Name("idempotencyKey") String idempotencyKey) {
        policy.require(current.caller(), Action.REPORT_USAGE);
        UUID agent = Ids.uuid("agentId", agentId);
        UUID consumer = Ids.uuid("consumerId", consumerId);
        return current.participant().chain(me -> agents.recordUsage(me.id(), agent, consumer, calls, idempotencyKey));
    }

    @NonNull
    @Description("Who owns the agent and earns from its usage.")
    public Uni<List<@NonNull Participant>> owner(@Source List<Agent> page) {
        return agents.ownersOf(page);
    }

    @NonNull
    @Description("The model versions the agent is built on, in its owner's order.")
    public Uni<List<@NonNull List<@NonNull Model>>> models(@Source List<Agent> page) {
        return agents.modelsOf(page.stream().map(Agent::id).toList(), view());
    }

    @NonNull
    @Description("The newest LISTED agents built on this model version (at most 100).")
    @Name("agents")
    public Uni<List<@NonNull List<@NonNull Agent>>> builtOn(@Source List<Model> page) {
        return agents.builtOn(page.stream().map(Model::id).toList(), view());
    }

    @NonNull
    @Description("The agent used.")
    @Name("agent")
    public Uni<List<@NonNull Agent>> usedAgent(@Source List<AgentUsage> usage) {
        return agents.agentsOf(usage, view());
    }

    @NonNull
    @Description("Who was billed.")
    public Uni<List<@NonNull Participant>> consumer(@Source List<AgentUsage> usage) {
        return agents.consumersOf(usage);
    }

    /** Who sees early-access agents in this request (the one rule: {@link AccessPolicy#earlyAccess}). */
    private ListingView view() {
        return policy.listings(current.callerIfAny());
    }
}
