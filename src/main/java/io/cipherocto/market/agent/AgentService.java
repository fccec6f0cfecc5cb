package io.cipherocto.market.agent;

import io.cipherocto.market.core.audit.Audit;
import io.cipherocto.market.core.db.Batch;
import io.cipherocto.market.core.db.Conditions;
import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.core.db.Transactions;
import io.cipherocto.market.core.error.OctoException;
import io.cipherocto.market.core.page.Keyset;
import io.cipherocto.market.core.page.Keyset.Direction;
import io.cipherocto.market.core.page.Page;
import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.core.scalar.Ids;
import io.cipherocto.market.core.scalar.TokenAmount;
import io.cipherocto.market.core.time.TimeSource;
import io.cipherocto.market.identity.Participant;
import io.cipherocto.market.identity.ParticipantService;
import io.cipherocto.market.model.Model;
import io.cipherocto.market.model.ModelService;
import io.cipherocto.market.partner.ListingView;
import io.cipherocto.market.model.PriceRange;
import io.cipherocto.market.settlement.LedgerService;
import io.cipherocto.market.settlement.Posting;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Agents: listings built on model versions, priced per call, DRAFT → LISTED ⇄ DELISTED by their owner; and the
 * usage their gateway reports, billed in one ledger transaction per idempotency key.
 *
 * <p>Billing, exact to the base unit: {@code amount = pricePerCall × calls};
 * {@code commission = floor(amount × commissionBps / 10000)} to the platform-fee account; the owner gets
 * {@code amount − commission}. Prices are at least one base unit and calls at least one, so no usage bills zero.
 */
@ApplicationScoped
public class AgentService {

    static final int MAX_MODELS = 16;
    static final int MAX_CALLS = 1_000_000_000;
    static final int MAX_KEY_LENGTH = 200;
    static final int MAX_DESCRIPTION_LENGTH = 10_000;
    static final int AGENTS_PER_MODEL = 100;

    /** The catalogue's statements, completed by {@link Filter#where()}. */
    private static final String PAGE = "SELECT " + Agent.COLUMNS + " FROM agent a WHERE ";
    private static final String COUNT = "SELECT count(*) FROM agent a WHERE ";
    private static final String MINE = "SELECT " + Agent.COLUMNS + " FROM agent a WHERE a.owner_id = $1 AND "
            + Keyset.SLOT;
    private static final String BY_IDS = "SELECT " + Agent.COLUMNS + " FROM agent a WHERE a.id = ANY ($1) AND "
            + ListingView.agent("a", 2);
    private static final String MODEL_LINKS = """
            SELECT agent_id, model_id FROM agent_model WHERE agent_id = ANY ($1) ORDER BY agent_id, position""";
    private static final String BUILT_ON = "SELECT * FROM (SELECT am.model_id, " + Agent.COLUMNS
            + ", row_number() OVER (PARTITION BY am.model_id ORDER BY a.created_at DESC, a.id) AS n "
            + "FROM agent_model am JOIN agent a ON a.id = am.agent_id "
            + "WHERE am.model_id = ANY ($1) AND a.status = 'LISTED' AND " + ListingView.agent("a", 3)
            + ") t WHERE n <= $2 ORDER BY model_id, n";
    private static final String USAGE_PAGE = "SELECT " + AgentUsage.COLUMNS + " FROM agent_usage u "
            + "WHERE u.agent_id = $1 AND " + Keyset.SLOT;
    private static final String USAGE_BY_ID = "SELECT " + AgentUsage.COLUMNS + " FROM agent_usage u WHERE u.id = $1";
    private static final Keyset<Agent> MINE_NEWEST_FIRST = Keyset.<Agent>orderBy()
            .timestamp("a.created_at", Direction.DESC, Agent::createdAt).thenId("a.id", Direction.DESC, Agent::id);
    private static final Keyset<AgentUsage> USAGE_NEWEST_FIRST = Keyset.<AgentUsage>orderBy()
            .timestamp("u.recorded_at", Direction.DESC, AgentUsage::recordedAt)
            .thenId("u.id", Direction.DESC, AgentUsage::id);

    private static final Map<AgentOrder.Field, Map<Keyset.Direction, Keyset<Agent>>> ORDERS =
            new EnumMap<>(AgentOrder.Field.class);

    static {
        for (AgentOrder.Field field : AgentOrder.Field.values()) {
            Map<Keyset.Direction, Keyset<Agent>> byDirection = new EnumMap<>(Keyset.Direction.class);
            for (Keyset.Direction direction : Keyset.Direction.values()) {
                Direction d = direction;
                Keyset.Builder<Agent> keys = Keyset.orderBy();
                switch (field) {
                    case NAME -> keys.text("a.name", d, Agent::name);
                    case PRICE -> keys.numeric("a.price_per_call", d, a -> a.pricePerCall().value());
                    case CREATED_AT -> keys.timestamp("a.created_at", d, Agent::createdAt);
                }
                byDirection.put(direction, keys.thenId("a.id", d, Agent::id));
            }
            ORDERS.put(field, byDirection);
        }
    }

    /** A normalised catalogue filter (null: no condition). */
    public record Filter(String search, UUID model, UUID owner, TokenAmount minPrice, TokenAmount maxPrice,
            ListingView view) {

        static Filter of(AgentFilter input, ListingView view) {
            if (input == null) {
                return new Filter(null, null, null, null, null, view);
            }
            String search = input.search() == null || input.search().isBlank() ? null : input.search().strip();
            PriceRange range = input.priceRange();
            TokenAmount min = range == null ? null : range.min();
            TokenAmount max = range == null ? null : range.max();
            if (min != null && max != null && min.compareTo(max) > 0) {
                throw OctoException.validation("filter.priceRange", "min must not exceed max");
            }
            return new Filter(search, Ids.uuid("filter.model", input.model()), Ids.uuid("filter.owner", input.owner()),
                    min, max, view);
        }

        /** The catalogue's conditions: LISTED agents, only the filters given, then what {@code view} may see. */
        Conditions where() {
            return view.visibleAgents("a", Conditions.over(Tuple.tuple()).and("a.status = 'LISTED'")
                    .when(search, "a.search @@ websearch_to_tsquery('english', {})")
                    .when(model, "EXISTS (SELECT 1 FROM agent_model am WHERE am.agent_id = a.id AND am.model_id = {})")
                    .when(owner, "a.owner_id = {}")
                    .when(minPrice, "a.price_per_call >= {}")
                    .when(maxPrice, "a.price_per_call <= {}"));
        }
    }

    private final Pool pool;
    private final Transactions transactions;
    private final TimeSource time;
    private final ParticipantService participants;
    private final ModelService models;
    private final LedgerService ledger;
    private final int commissionBps;

    AgentService(Pool pool, Transactions transactions, TimeSource time, ParticipantService participants,
            ModelService models, LedgerService ledger,
            @ConfigProperty(name = "octo.market.agent-commission-bps", defaultValue = "1000") int commissionBps) {
        if (commissionBps < 0 || commissionBps > 10_000) {
            throw new IllegalStateException("octo.market.agent-commission-bps must be between 0 and 10000, not "
                    + commissionBps);
        }
        this.pool = pool;
        this.transactions = transactions;
        this.time = time;
        this.participants = participants;
        this.models = models;
        this.ledger = ledger;
        this.commissionBps = commissionBps;
    }

    // ---- listing ----------------------------------------------------------------------------------------------

    /** Creates a DRAFT agent owned by {@code owner}, built on existing model versions. */
    public Uni<Agent> create(UUID owner, CreateAgentInput input, ListingView view) {
        String name = name(input.name());
        String description = description(input.description());
        TokenAmount price = price(input.pricePerCall());
        List<UUID> modelIds = modelIds(input.modelIds());
        UUID id = UUID.randomUUID();
        return requireModels(modelIds, view).chain(() -> transactions.run(session -> {
            OffsetDateTime now = time.nowUtc();
            return session.createNativeQuery("""
                            INSERT INTO agent (id, owner_id, name, description, price_per_call, status, created_at,
                                   updated_at)
                            VALUES (:id, :owner, :name, :description, :price, 'DRAFT', :now, :now)""")
                    .setParameter("id", id).setParameter("owner", owner).setParameter("name", name)
                    .setParameter("description", description).setParameter("price", Rows.decimal(price.value()))
                    .setParameter("now", now).executeUpdate()
                    .chain(() -> linkModels(session, id, modelIds))
                    .invoke(() -> Transactions.afterCommit(session, () -> Audit.record("agent.created",
                            Map.of("agent", id, "owner", owner, "pricePerCall", price))));
        })).chain(() -> byId(id));
    }

    /** Changes an agent's name, description, price or models (owner only); omitted fields stay. */
    public Uni<Agent> update(UUID caller, UpdateAgentInput input, ListingView view) {
        UUID id = Ids.uuid("input.id", input.id());
        String name = input.name() == null ? null : name(input.name());
        String description = input.description() == null ? null : description(input.description());
        TokenAmount price = input.pricePerCall() == null ? null : price(input.pricePerCall());
        List<UUID> modelIds = input.modelIds() == null ? null : modelIds(input.modelIds());
        return requireModels(modelIds == null ? List.of() : modelIds, view).chain(() -> transactions.run(session ->
                lockForOwner(session, id, caller).chain(() -> session.createNativeQuery(
                                "SELECT name, description, price_per_call FROM agent WHERE id = :id", Object[].class)
                        .setParameter("id", id).getSingleResult())
                        .chain(current -> session.createNativeQuery("""
                                        UPDATE agent SET name = :name, description = :description,
                                               price_per_call = :price, updated_at = :now
                                         WHERE id = :id""")
                                .setParameter("name", name == null ? current[0] : name)
                                .setParameter("description", description == null ? current[1] : description)
                                .setParameter("price", price == null ? current[2] : Rows.decimal(price.value()))
                                .setParameter("now", time.nowUtc()).setParameter("id", id).executeUpdate())
                        .chain(() -> modelIds == null ? Uni.createFrom().item(0) : session.createNativeQuery(
                                        "DELETE FROM agent_model WHERE agent_id = :id").setParameter("id", id)
                                .executeUpdate().chain(() -> linkModels(session, id, modelIds)))
                        .invoke(() -> Transactions.afterCommit(session, () -> Audit.record("agent.updated",
                                Map.of("agent", id, "actor", caller)))))).chain(() -> byId(id));
    }

    /** Moves the agent to LISTED (from DRAFT or DELISTED) or DELISTED (from LISTED); owner only. */
    public Uni<Agent> moveTo(UUID caller, UUID id, AgentStatus to) {
        return transactions.run(session -> lockForOwner(session, id, caller).chain(status -> {
            boolean allowed = to == AgentStatus.LISTED ? status != AgentStatus.LISTED : status == AgentStatus.LISTED;
            if (!allowed || to == AgentStatus.DRAFT) {
                throw AgentRefused.illegalTransition(id, status, to);
            }
            return session.createNativeQuery("UPDATE agent SET status = :to, updated_at = :now WHERE id = :id")
                    .setParameter("to", to.name()).setParameter("now", time.nowUtc()).setParameter("id", id)
                    .executeUpdate()
                    .invoke(() -> Transactions.afterCommit(session, () -> Audit.record("agent.status",
                            Map.of("agent", id, "from", status, "to", to, "actor", caller))));
        })).chain(() -> byId(id));
    }

    /** Locks the agent's row; NOT_FOUND if unknown, FORBIDDEN unless the caller owns it. Returns its status. */
    private static Uni<AgentStatus> lockForOwner(Mutiny.Session session, UUID id, UUID caller) {
        return session.createNativeQuery("SELECT owner_id, status FROM agent WHERE id = :id FOR UPDATE",
                        Object[].class)
                .setParameter("id", id).getResultList().map(rows -> {
                    if (rows.isEmpty()) {
                        throw OctoException.notFound("Agent", id);
                    }
                    if (!caller.equals(rows.getFirst()[0])) {
                        throw AgentRefused.notOwner(id);
                    }
                    return AgentStatus.valueOf((String) rows.getFirst()[1]);
                });
    }

    private static Uni<Integer> linkModels(Mutiny.Session session, UUID agentId, List<UUID> modelIds) {
        return session.createNativeQuery("""
                        INSERT INTO agent_model (agent_id, model_id, position)
                        SELECT :agent, m, n FROM unnest(CAST(:models AS uuid[])) WITH ORDINALITY AS v (m, n)""")
                .setParameter("agent", agentId).setParameter("models", modelIds.toArray(UUID[]::new))
                .executeUpdate();
    }

    /** Every named model exists and {@code view} sees it (VALIDATION on input.modelIds); never deleted. */
    private Uni<Void> requireModels(List<UUID> ids, ListingView view) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return models.byIds(ids, view).invoke(found -> {
            if (found.stream().anyMatch(Objects::isNull)) {
                throw OctoException.validation("input.modelIds", "no such model");
            }
        }).replaceWithVoid();
    }

    // ---- usage ------------------------------------------------------------------------------------------------

    /**
     * Bills {@code calls} calls of a LISTED agent to {@code consumerId}, once per {@code (agent, idempotencyKey)}: the
     * same key with the same request returns the usage it recorded first (no second charge); with another consumer
     * or number of calls it is CONFLICT IDEMPOTENCY_KEY_REUSED. The consumer cannot be the agent's owner
     * (VALIDATION consumerId). Insufficient funds: INSUFFICIENT_FUNDS with required and available, nothing written.
     */
    public Uni<AgentUsage> recordUsage(UUID reporter, UUID agentId, UUID consumerId, int calls, String key) {
        if (calls < 1 || calls > MAX_CALLS) {
            throw OctoException.validation("calls", "between 1 and " + MAX_CALLS);
        }
        if (key == null || key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw OctoException.validation("idempotencyKey", "1 to " + MAX_KEY_LENGTH + " characters");
        }
        String request = requestHash(consumerId, calls);
        return participants.byIds(List.of(consumerId)).map(List::getFirst).chain(consumer -> {
            if (consumer == null) {
                throw OctoException.validation("consumerId", "no such participant");
            }
            return transactions.run(session -> recorded(session, agentId, key, request).chain(existing -> existing
                    != null ? Uni.createFrom().item(existing) : bill(session, reporter, agentId, consumerId, calls,
                            key, request)));
        }).chain(this::usageById);
    }

    private Uni<UUID> bill(Mutiny.Session session, UUID reporter, UUID agentId, UUID consumerId, int calls,
            String key, String request) {
        return session.createNativeQuery("SELECT owner_id, status, price_per_call FROM agent WHERE id = :id FOR SHARE",
                        Object[].class)
                .setParameter("id", agentId).getResultList().chain(rows -> {
                    if (rows.isEmpty()) {
                        throw OctoException.notFound("Agent", agentId);
                    }
                    UUID owner = (UUID) rows.getFirst()[0];
                    AgentStatus status = AgentStatus.valueOf((String) rows.getFirst()[1]);
                    BigInteger price = Rows.bigInteger(rows.getFirst()[2]);
                    if (status != AgentStatus.LISTED) {
                        throw AgentRefused.notListed(agentId, status);
                    }
                    if (owner.equals(consumerId)) {
                        throw OctoException.validation("consumerId", "an agent's owner does not pay for its usage");
                    }
                    BigInteger amount = price.multiply(BigInteger.valueOf(calls));
                    if (amount.compareTo(TokenAmount.MAX) > 0) {
                        throw OctoException.validation("calls", "pricePerCall × calls exceeds 2^256-1");
                    }
                    BigInteger commission = amount.multiply(BigInteger.valueOf(commissionBps))
                            .divide(BigInteger.valueOf(10_000));
                    UUID id = UUID.randomUUID();
                    String ref = "agent-usage:" + id;
                    OffsetDateTime now = time.nowUtc();
                    return session.createNativeQuery("""
                                    INSERT INTO agent_usage (id, agent_id, consumer_id, reported_by, idempotency_key,
                                           request_hash, calls, price_per_call, amount, commission_bps, commission,
                                           ledger_ref, recorded_at)
                                    VALUES (:id, :agent, :consumer, :reporter, :key, :request, :calls, :price, :amount,
                                           :bps, :commission, :ref, :now)
                                    ON CONFLICT (agent_id, idempotency_key) DO NOTHING""")
                            .setParameter("id", id).setParameter("agent", agentId).setParameter("consumer", consumerId)
                            .setParameter("reporter", reporter).setParameter("key", key)
                            .setParameter("request", request).setParameter("calls", (long) calls)
                            .setParameter("price", Rows.decimal(price)).setParameter("amount", Rows.decimal(amount))
                            .setParameter("bps", commissionBps).setParameter("commission", Rows.decimal(commission))
                            .setParameter("ref", ref).setParameter("now", now).executeUpdate()
                            .chain(inserted -> inserted == 0
                                    // a concurrent report with this key committed first
                                    ? recorded(session, agentId, key, request)
                                    : ledger.post(session, Posting.agentUsage(consumerId, owner, amount, commission,
                                                    ref))
                                            .invoke(() -> Transactions.afterCommit(session, () -> Audit.record(
                                                    "agent.usage", Map.of("usage", id, "agent", agentId,
                                                            "consumer", consumerId, "calls", calls, "amount", amount,
                                                            "commission", commission))))
                                            .replaceWith(id));
                });
    }

    /** The usage already recorded under this key, if any; CONFLICT if it was recorded for another request. */
    private static Uni<UUID> recorded(Mutiny.Session session, UUID agentId, String key, String request) {
        return session.createNativeQuery("SELECT id, request_hash FROM agent_usage WHERE agent_id = :agent "
                        + "AND idempotency_key = :key", Object[].class)
                .setParameter("agent", agentId).setParameter("key", key).getResultList().map(rows -> {
                    if (rows.isEmpty()) {
                        return null;
                    }
                    if (!request.equals(rows.getFirst()[1])) {
                        throw AgentRefused.keyReused(agentId, key);
                    }
                    return (UUID) rows.getFirst()[0];
                });
    }

    /** What identifies a usage request besides its agent and key: the consumer and the number of calls. */
    private static String requestHash(UUID consumer, int calls) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((consumer + ":" + calls).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- validation -------------------------------------------------------------------------------------------

    private static String name(String name) {
        String stripped = name == null ? "" : name.strip();
        if (stripped.isEmpty() || stripped.length() > 120) {
            throw OctoException.validation("input.name", "1 to 120 characters");
        }
        return stripped;
    }

    private static String description(String description) {
        String text = description == null ? "" : description.strip();
        if (text.length() > MAX_DESCRIPTION_LENGTH) {
            throw OctoException.validation("input.description", "at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        return text;
    }

    private static TokenAmount price(TokenAmount price) {
        if (price.value().signum() <= 0) {
            throw OctoException.validation("input.pricePerCall", "at least 1 base unit");
        }
        return price;
    }

    private static List<UUID> modelIds(List<String> ids) {
        Set<UUID> distinct = new LinkedHashSet<>();
        for (String id : ids) {
            if (id == null) {
                throw OctoException.validation("input.modelIds", "no null ids");
            }
            distinct.add(Ids.uuid("input.modelIds", id));
        }
        if (distinct.isEmpty() || distinct.size() > MAX_MODELS) {
            throw OctoException.validation("input.modelIds", "1 to " + MAX_MODELS + " models");
        }
        return List.copyOf(distinct);
    }

    // ---- reads ------------------------------------------------------------------------------------------------

    /** An agent as the server sees it (early access or not). */
    public Uni<Agent> byId(UUID id) {
        return byId(id, ListingView.EVERYTHING);
    }

    /** An agent as {@code view} sees it; null when unknown or invisible to it. */
    public Uni<Agent> byId(UUID id, ListingView view) {
        return byIds(List.of(id), view).map(List::getFirst);
    }

    /** Many agents in one statement, in the order of {@code ids}; null where unknown or invisible to {@code view}. */
    public Uni<List<Agent>> byIds(List<UUID> ids, ListingView view) {
        return pool.preparedQuery(BY_IDS)
                .execute(view.append(Tuple.of(ids.stream().distinct().toArray(UUID[]::new))))
                .map(rows -> {
                    Map<UUID, Agent> byId = new HashMap<>();
                    Rows.list(rows, Agent::of).forEach(a -> byId.put(a.id(), a));
                    return ids.stream().map(byId::get).toList();
                });
    }

    public Uni<Page<Agent>> page(PageRequest page, Filter filter, AgentOrder order) {
        AgentOrder.Field field = order == null || order.field() == null ? AgentOrder.Field.CREATED_AT : order.field();
        Keyset.Direction direction = order == null || order.direction() == null ? Keyset.Direction.DESC
                : order.direction();
        Conditions where = filter.where();
        return ORDERS.get(field).get(direction).fetch(pool, PAGE, where, page, Agent::of);
    }

    public Uni<Integer> count(Filter filter) {
        Conditions where = filter.where();
        return pool.preparedQuery(COUNT + where).execute(where.args()).map(Rows::count);
    }

    public Uni<Integer> countMine(UUID owner) {
        return pool.preparedQuery("SELECT count(*) FROM agent WHERE owner_id = $1").execute(Tuple.of(owner))
                .map(Rows::count);
    }

    /** The owner's agents in every status, newest first. */
    public Uni<Page<Agent>> mine(UUID owner, PageRequest page) {
        return MINE_NEWEST_FIRST.fetch(pool, MINE, page, Tuple.of(owner), Agent::of);
    }

    /** The agent's usage, newest first: its owner's to read. */
    public Uni<Page<AgentUsage>> usage(UUID caller, UUID agentId, PageRequest page) {
        return byId(agentId).chain(agent -> {
            if (agent == null) {
                throw OctoException.notFound("Agent", agentId);
            }
            if (!agent.ownerId().equals(caller)) {
                throw AgentRefused.notOwner(agentId);
            }
            return USAGE_NEWEST_FIRST.fetch(pool, USAGE_PAGE, page, Tuple.of(agentId), AgentUsage::of);
        });
    }

    private Uni<AgentUsage> usageById(UUID id) {
        return pool.preparedQuery(USAGE_BY_ID).execute(Tuple.of(id)).map(rows -> AgentUsage.of(rows.iterator().next()));
    }

    public Uni<List<Participant>> ownersOf(List<Agent> agents) {
        return participants.byIds(agents.stream().map(Agent::ownerId).toList());
    }

    /** The models each agent is built on, in its owner's order: two statements for the page. */
    public Uni<List<List<Model>>> modelsOf(List<UUID> agentIds, ListingView view) {
        return pool.preparedQuery(MODEL_LINKS).execute(Tuple.of(agentIds.toArray(UUID[]::new))).chain(rows -> {
            List<UUID[]> links = Rows.list(rows, r -> new UUID[] {r.getUUID("agent_id"), r.getUUID("model_id")});
            if (links.isEmpty()) {
                return Uni.createFrom().item(agentIds.stream().<List<Model>>map(id -> List.of()).toList());
            }
            return models.byIds(links.stream().map(l -> l[1]).distinct().toList(), view).map(found -> {
                Map<UUID, Model> byId = new HashMap<>();
                found.stream().filter(Objects::nonNull).forEach(m -> byId.put(m.id(), m));
                return Batch.toMany(agentIds, links, l -> l[0]).stream()
                        .map(list -> list.stream().map(l -> byId.get(l[1])).filter(Objects::nonNull).toList())
                        .toList();
            });
        });
    }

    /** The newest LISTED agents built on each model (at most {@link #AGENTS_PER_MODEL}): one statement a page. */
    public Uni<List<List<Agent>>> builtOn(List<UUID> modelIds, ListingView view) {
        return pool.preparedQuery(BUILT_ON)
                .execute(view.append(Tuple.of(modelIds.toArray(UUID[]::new), AGENTS_PER_MODEL)))
                .map(rows -> {
                    List<Map.Entry<UUID, Agent>> found = Rows.list(rows,
                            r -> Map.entry(r.getUUID("model_id"), Agent.of(r)));
                    return Batch.toMany(modelIds, found, Map.Entry::getKey).stream()
                            .map(list -> list.stream().map(Map.Entry::getValue).toList()).toList();
                });
    }

    /** The agents of many usage rows, in their order. */
    public Uni<List<Agent>> agentsOf(List<AgentUsage> usage, ListingView view) {
        return byIds(usage.stream().map(AgentUsage::agentId).toList(), view);
    }

    public Uni<List<Participant>> consumersOf(List<AgentUsage> usage) {
        return participants.byIds(usage.stream().map(AgentUsage::consumerId).toList());
    }
}
