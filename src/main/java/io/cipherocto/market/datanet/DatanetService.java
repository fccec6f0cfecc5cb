package io.cipherocto.market.datanet;

import io.cipherocto.market.core.scalar.Tags;
import io.cipherocto.market.core.scalar.Ids;
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
import io.cipherocto.market.core.scalar.TokenAmount;
import io.cipherocto.market.core.time.TimeSource;
import io.cipherocto.market.identity.Participant;
import io.cipherocto.market.identity.ParticipantService;
import io.cipherocto.market.identity.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The datanet catalogue: creating and changing datanets (owner only, every change logged in {@code datanet_change}),
 * curators, and the public reads — the filtered, sorted catalogue and the batched fields of a page.
 */
@ApplicationScoped
public class DatanetService {

    static final Pattern SLUG = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$");
    static final int MAX_NAME_LENGTH = 120;
    static final int MAX_DESCRIPTION_LENGTH = 10_000;
    static final int MAX_LICENCE_LENGTH = 200;

    /** The catalogue's statements, completed by {@link Filter#where()}. */
    private static final String PAGE = "SELECT " + Datanet.COLUMNS + " FROM datanet WHERE ";
    private static final String COUNT = "SELECT count(*) FROM datanet WHERE ";
    private static final String BY_ID = "SELECT " + Datanet.COLUMNS + " FROM datanet WHERE id = $1";
    private static final String BY_SLUG = "SELECT " + Datanet.COLUMNS + " FROM datanet WHERE slug = $1";
    private static final String BY_IDS = "SELECT " + Datanet.COLUMNS + " FROM datanet WHERE id = ANY ($1)";
    // the curators' participants come in the same statement: a page's curators cost one statement, not two. The
    // owner is looked up by primary key per curator: a join let PostgreSQL hash the whole datanet table for a page's
    // few dozen curators.
    private static final String CURATORS = "SELECT c.datanet_id, c.added_at, "
            + "c.participant_id = (SELECT d.owner_id FROM datanet d WHERE d.id = c.datanet_id) AS is_owner, "
            + ParticipantService.columns("p") + " FROM datanet_curator c JOIN participant p ON p.id = c.participant_id "
            + "WHERE c.datanet_id = ANY ($1) ORDER BY c.added_at, c.participant_id";
    private static final String COUNTS = """
            SELECT datanet_id, state, count(*) AS n FROM contribution WHERE datanet_id = ANY ($1)
             GROUP BY datanet_id, state""";
    // Who was granted access to a GATED datanet is the curators' business: others see the rest of the log.
    private static final String HISTORY = "SELECT id, datanet_id, actor_id, change, detail::text AS detail, at "
            + "FROM datanet_change WHERE datanet_id = $1 AND (change NOT IN ('ACCESS_GRANTED', 'ACCESS_REVOKED') "
            + "OR EXISTS (SELECT 1 FROM datanet_curator c WHERE c.datanet_id = $1 AND c.participant_id = $2::uuid)) "
            + "AND " + Keyset.SLOT;
    // datanet_change has a sequence, not a UUID; its datanet_id (constant within one history) closes the order.
    private static final Keyset<DatanetChange> NEWEST_CHANGE_FIRST = Keyset.<DatanetChange>orderBy()
            .bigint("id", Direction.DESC, DatanetChange::sequence)
            .thenId("datanet_id", Direction.DESC, DatanetChange::datanetId);

    private static final Map<DatanetOrder.Field, Map<Keyset.Direction, Keyset<Datanet>>> ORDERS =
            new EnumMap<>(DatanetOrder.Field.class);

    static {
        for (DatanetOrder.Field field : DatanetOrder.Field.values()) {
            Map<Keyset.Direction, Keyset<Datanet>> byDirection = new EnumMap<>(Keyset.Direction.class);
            for (Keyset.Direction direction : Keyset.Direction.values()) {
                Direction d = direction;
                Keyset.Builder<Datanet> keys = Keyset.orderBy();
                switch (field) {
                    case NAME -> keys.text("name", d, Datanet::name);
                    case CREATED_AT -> keys.timestamp("created_at", d, Datanet::createdAt);
                    case CONTRIBUTIONS -> keys.bigint("contribution_count", d, Datanet::contributionCount);
                }
                byDirection.put(direction, keys.thenId("id", d, Datanet::id));
            }
            ORDERS.put(field, byDirection);
        }
    }

    /** A normalised catalogue filter (null: no condition). */
    public record Filter(String search, List<String> tags, DatanetPolicy policy, UUID curator) {

        static Filter of(DatanetFilter input) {
            if (input == null) {
                return new Filter(null, null, null, null);
            }
            String search = input.search() == null || input.search().isBlank() ? null : input.search().strip();
            List<String> tags = input.tags() == null || input.tags().isEmpty() ? null
                    : Tags.normalise(input.tags(), "filter.tags");
            return new Filter(search, tags, input.policy(), Ids.uuid("filter.curator", input.curator()));
        }

        /** The catalogue's conditions: only the filters given. */
        Conditions where() {
            return Conditions.over(Tuple.tuple())
                    .when(search, "search @@ websearch_to_tsquery('english', {})")
                    .when(tags == null ? null : tags.toArray(String[]::new), "tags @> {}::text[]")
                    .when(policy == null ? null : policy.name(), "policy = {}")
                    .when(curator, "EXISTS (SELECT 1 FROM datanet_curator c WHERE c.datanet_id = datanet.id "
                            + "AND c.participant_id = {})");
        }
    }

    private final Pool pool;
    private final Transactions transactions;
    private final TimeSource time;
    private final DatanetConfig config;
    private final ParticipantService participants;

    DatanetService(Pool pool, Transactions transactions, TimeSource time, DatanetConfig config,
            ParticipantService participants) {
        this.pool = pool;
        this.transactions = transactions;
        this.time = time;
        this.config = config;
        this.participants = participants;
    }

    // ---- commands -------------------------------------------------------------------------------------------

    /** Creates a datanet owned (and curated) by {@code owner}; a taken slug is CONFLICT DATANET_SLUG_TAKEN. */
    public Uni<Datanet> create(UUID owner, CreateDatanetInput input) {
        String name = name(input.name(), "input.name");
        String slug = slug(input.slug());
        String description = description(input.description());
        List<String> tags = input.tags() == null ? List.of() : Tags.normalise(input.tags(), "input.tags");
        String licence = licence(input.licence());
        DatanetTerms terms = terms(input.terms(), defaults());
        UUID id = UUID.randomUUID();
        return transactions.run(session -> {
            OffsetDateTime now = time.nowUtc();
            return session.createNativeQuery("""
                            INSERT INTO datanet (id, slug, name, description, tags, licence, policy, owner_id, bond,
                                   challenge_window_seconds, challenge_deposit, slash_share_bps, challenger_reward_bps,
                                   created_at, updated_at)
                            VALUES (:id, :slug, :name, :description, CAST(:tags AS text[]), :licence, :policy, :owner,
                                   :bond, :window, :deposit, :slash, :reward, :now, :now)""")
                    .setParameter("id", id).setParameter("slug", slug).setParameter("name", name)
                    .setParameter("description", description).setParameter("tags", tags.toArray(String[]::new))
                    .setParameter("licence", licence).setParameter("policy", input.policy().name())
                    .setParameter("owner", owner).setParameter("bond", Rows.decimal(terms.bond().value()))
                    .setParameter("window", terms.challengeWindowSeconds())
                    .setParameter("deposit", Rows.decimal(terms.challengeDeposit().value()))
                    .setParameter("slash", terms.slashShareBps()).setParameter("reward", terms.challengerRewardBps())
                    .setParameter("now", now).executeUpdate()
                    .chain(() -> addCuratorRow(session, id, owner, owner, now))
                    .chain(() -> change(session, id, owner, DatanetChange.Kind.CREATED, Json.createObjectBuilder()
                            .add("slug", slug).add("name", name).add("policy", input.policy().name())
                            .add("terms", termsJson(terms)).build(), now))
                    .invoke(() -> Transactions.afterCommit(session, () -> Audit.record("datanet.created",
                            Map.of("datanet", id, "slug", slug, "owner", owner, "policy", input.policy()))));
        }).chain(() -> byId(id));
    }

    /** Changes what the owner names; every other field stays. Terms apply to submissions made from now on. */
    public Uni<Datanet> update(UUID caller, UpdateDatanetInput input) {
        UUID id = Ids.uuid("input.id", input.id());
        String name = input.name() == null ? null : name(input.name(), "input.name");
        String description = input.description() == null ? null : description(input.description());
        List<String> tags = input.tags() == null ? null : Tags.normalise(input.tags(), "input.tags");
        String licence = input.licence() == null ? null : licence(input.licence());
        return transactions.run(session -> lockForOwner(session, id, caller).chain(current -> {
            OffsetDateTime now = time.nowUtc();
            JsonObjectBuilder metadata = Json.createObjectBuilder();
            String newName = changed(metadata, "name", current.getString("name"), name);
            String newDescription = changed(metadata, "description", current.getString("description"), description);
            List<String> currentTags = current.getJsonArray("tags").getValuesAs(JsonString.class).stream()
                    .map(JsonString::getString).toList();
            List<String> newTags = tags == null ? currentTags : tags;
            if (!newTags.equals(currentTags)) {
                metadata.add("tags", Json.createObjectBuilder().add("from", Json.createArrayBuilder(currentTags))
                        .add("to", Json.createArrayBuilder(newTags)));
            }
            String newLicence = changed(metadata, "licence", current.getString("licence"), licence);
            DatanetPolicy oldPolicy = DatanetPolicy.valueOf(current.getString("policy"));
            DatanetPolicy newPolicy = input.policy() == null ? oldPolicy : input.policy();
            DatanetTerms oldTerms = termsOf(current);
            DatanetTerms newTerms = terms(input.terms(), oldTerms);

            List<Uni<Void>> log = new ArrayList<>();
            JsonObject metadataDetail = metadata.build();
            if (!metadataDetail.isEmpty()) {
                log.add(change(session, id, caller, DatanetChange.Kind.METADATA_UPDATED, metadataDetail,
                        now));
            }
            if (newPolicy != oldPolicy) {
                log.add(change(session, id, caller, DatanetChange.Kind.POLICY_CHANGED,
                        Json.createObjectBuilder().add("from", oldPolicy.name()).add("to", newPolicy.name()).build(),
                        now));
            }
            if (!newTerms.equals(oldTerms)) {
                log.add(change(session, id, caller, DatanetChange.Kind.TERMS_UPDATED,
                        Json.createObjectBuilder().add("from", termsJson(oldTerms)).add("to", termsJson(newTerms))
                                .build(), now));
            }
            if (log.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            Uni<Void> chain = session.createNativeQuery("""
                            UPDATE datanet SET name = :name, description = :description, tags = CAST(:tags AS text[]),
                                   licence = :licence, policy = :policy, bond = :bond,
                                   challenge_window_seconds = :window, challenge_deposit = :deposit,
                                   slash_share_bps = :slash, challenger_reward_bps = :reward, updated_at = :now
                             WHERE id = :id""")
                    .setParameter("name", newName).setParameter("description", newDescription)
                    .setParameter("tags", newTags.toArray(String[]::new)).setParameter("licence", newLicence)
                    .setParameter("policy", newPolicy.name()).setParameter("bond", Rows.decimal(newTerms.bond().value()))
                    .setParameter("window", newTerms.challengeWindowSeconds())
                    .setParameter("deposit", Rows.decimal(newTerms.challengeDeposit().value()))
                    .setParameter("slash", newTerms.slashShareBps())
                    .setParameter("reward", newTerms.challengerRewardBps()).setParameter("now", now)
                    .setParameter("id", id).executeUpdate().replaceWithVoid();
            for (Uni<Void> entry : log) {
                chain = chain.chain(() -> entry);
            }
            return chain.invoke(() -> Transactions.afterCommit(session, () -> Audit.record("datanet.updated",
                    Map.of("datanet", id, "actor", caller, "changes", log.size()))));
        })).chain(() -> byId(id));
    }

    /** Adds a curator (owner only); the participant must hold the curator role as last seen. Adding twice is a no-op. */
    public Uni<Datanet> addCurator(UUID caller, UUID datanetId, UUID participantId) {
        return participants.byIds(List.of(participantId)).map(List::getFirst).chain(participant -> {
            if (participant == null) {
                throw OctoException.validation("participantId", "no such participant");
            }
            if (!participant.roles().contains(Role.CURATOR)) {
                throw OctoException.validation("participantId", "the participant does not hold the curator role");
            }
            return transactions.run(session -> lockForOwner(session, datanetId, caller).chain(current -> {
                OffsetDateTime now = time.nowUtc();
                return addCuratorRow(session, datanetId, participantId, caller, now).chain(added -> added == 0
                        ? Uni.createFrom().voidItem()
                        : change(session, datanetId, caller, DatanetChange.Kind.CURATOR_ADDED,
                                Json.createObjectBuilder().add("participant", participantId.toString()).build(), now)
                                .invoke(() -> Transactions.afterCommit(session, () -> Audit.record(
                                        "datanet.curator_added", Map.of("datanet", datanetId,
                                                "participant", participantId, "actor", caller)))));
            }));
        }).chain(() -> byId(datanetId));
    }

    /** Removes a curator (owner only); the owner cannot be removed, a participant not curating is NOT_FOUND. */
    public Uni<Datanet> removeCurator(UUID caller, UUID datanetId, UUID participantId) {
        return transactions.run(session -> lockForOwner(session, datanetId, caller).chain(current -> {
            if (participantId.equals(caller)) {
                throw DatanetRefused.ownerNotRemovable(datanetId);
            }
            OffsetDateTime now = time.nowUtc();
            return session.createNativeQuery("DELETE FROM datanet_curator WHERE datanet_id = :d AND participant_id = :p")
                    .setParameter("d", datanetId).setParameter("p", participantId).executeUpdate()
                    .chain(removed -> {
                        if (removed == 0) {
                            throw OctoException.notFound("DatanetCurator", participantId);
                        }
                        return change(session, datanetId, caller, DatanetChange.Kind.CURATOR_REMOVED,
                                Json.createObjectBuilder().add("participant", participantId.toString()).build(), now);
                    })
                    .invoke(() -> Transactions.afterCommit(session, () -> Audit.record("datanet.curator_removed",
                            Map.of("datanet", datanetId, "participant", participantId, "actor", caller))));
        })).chain(() -> byId(datanetId));
    }

    /** Locks the datanet's row and returns it as JSON; NOT_FOUND if unknown, FORBIDDEN unless the caller owns it. */
    private static Uni<JsonObject> lockForOwner(Mutiny.Session session, UUID datanetId, UUID caller) {
        return session.createNativeQuery("SELECT CAST(to_jsonb(datanet) - 'search' AS text) FROM datanet "
                        + "WHERE id = :id FOR UPDATE", String.class)
                .setParameter("id", datanetId).getResultList().map(rows -> {
                    if (rows.isEmpty()) {
                        throw OctoException.notFound("Datanet", datanetId);
                    }
                    JsonObject row = Json.createReader(new StringReader(rows.getFirst())).readObject();
                    if (!caller.toString().equals(row.getString("owner_id"))) {
                        throw DatanetRefused.notOwner(datanetId);
                    }
                    return row;
                });
    }

    private static Uni<Integer> addCuratorRow(Mutiny.Session session, UUID datanetId, UUID participantId,
            UUID addedBy, OffsetDateTime at) {
        return session.createNativeQuery("INSERT INTO datanet_curator (datanet_id, participant_id, added_by, added_at) "
                        + "VALUES (:d, :p, :by, :at) ON CONFLICT DO NOTHING")
                .setParameter("d", datanetId).setParameter("p", participantId).setParameter("by", addedBy)
                .setParameter("at", at).executeUpdate();
    }

    /** Writes one entry of the datanet's change log, in the caller's transaction. */
    static Uni<Void> change(Mutiny.Session session, UUID datanetId, UUID actor, DatanetChange.Kind kind,
            JsonObject detail, OffsetDateTime at) {
        return session.createNativeQuery("INSERT INTO datanet_change (datanet_id, actor_id, change, detail, at) "
                        + "VALUES (:d, :a, :c, CAST(:detail AS jsonb), :at)")
                .setParameter("d", datanetId).setParameter("a", actor).setParameter("c", kind.name())
                .setParameter("detail", detail.toString()).setParameter("at", at).executeUpdate().replaceWithVoid();
    }

    // ---- validation -----------------------------------------------------------------------------------------

    private DatanetTerms defaults() {
        return new DatanetTerms(TokenAmount.of(config.bond()), config.challengeWindow().toSeconds(),
                TokenAmount.of(config.challengeDeposit()), config.slashShareBps(), config.challengerRewardBps());
    }

    /** {@code base} with the terms named in {@code input}, each checked against the configured bounds. */
    DatanetTerms terms(DatanetTermsInput input, DatanetTerms base) {
        if (input == null) {
            return base;
        }
        TokenAmount bond = input.bond() == null ? base.bond() : input.bond();
        if (input.bond() != null && (bond.value().compareTo(config.minimumBond()) < 0
                || bond.value().compareTo(config.maximumBond()) > 0)) {
            throw OctoException.validation("input.terms.bond", "must be between " + config.minimumBond() + " and "
                    + config.maximumBond() + " base units");
        }
        long window = input.challengeWindowSeconds() == null ? base.challengeWindowSeconds()
                : input.challengeWindowSeconds();
        if (input.challengeWindowSeconds() != null && (window < config.minimumChallengeWindow().toSeconds()
                || window > config.maximumChallengeWindow().toSeconds())) {
            throw OctoException.validation("input.terms.challengeWindowSeconds", "must be between "
                    + config.minimumChallengeWindow().toSeconds() + " and "
                    + config.maximumChallengeWindow().toSeconds() + " seconds");
        }
        TokenAmount deposit = input.challengeDeposit() == null ? base.challengeDeposit() : input.challengeDeposit();
        if (input.challengeDeposit() != null && deposit.value().compareTo(config.maximumChallengeDeposit()) > 0) {
            throw OctoException.validation("input.terms.challengeDeposit", "must be at most "
                    + config.maximumChallengeDeposit() + " base units");
        }
        int slash = bps(input.slashShareBps(), base.slashShareBps(), "input.terms.slashShareBps");
        int reward = bps(input.challengerRewardBps(), base.challengerRewardBps(), "input.terms.challengerRewardBps");
        return new DatanetTerms(bond, window, deposit, slash, reward);
    }

    private static int bps(Integer value, int base, String field) {
        if (value == null) {
            return base;
        }
        if (value < 0 || value > 10_000) {
            throw OctoException.validation(field, "basis points between 0 and 10000");
        }
        return value;
    }

    private static String name(String name, String field) {
        String stripped = name.strip();
        if (stripped.isEmpty() || stripped.length() > MAX_NAME_LENGTH) {
            throw OctoException.validation(field, "1 to " + MAX_NAME_LENGTH + " characters");
        }
        return stripped;
    }

    private static String slug(String slug) {
        if (!SLUG.matcher(slug).matches()) {
            throw OctoException.validation("input.slug", "lower-case letters, digits and inner hyphens, 1 to 64 "
                    + "characters");
        }
        return slug;
    }

    private static String description(String description) {
        String text = description == null ? "" : description.strip();
        if (text.length() > MAX_DESCRIPTION_LENGTH) {
            throw OctoException.validation("input.description", "at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        return text;
    }

    private static String licence(String licence) {
        String text = licence.strip();
        if (text.isEmpty() || text.length() > MAX_LICENCE_LENGTH) {
            throw OctoException.validation("input.licence", "1 to " + MAX_LICENCE_LENGTH + " characters");
        }
        return text;
    }

    private static String changed(JsonObjectBuilder detail, String key, String from, String to) {
        if (to == null || to.equals(from)) {
            return from;
        }
        detail.add(key, Json.createObjectBuilder().add("from", from).add("to", to));
        return to;
    }

    private static JsonObject termsJson(DatanetTerms terms) {
        return Json.createObjectBuilder().add("bond", terms.bond().value().toString())
                .add("challengeWindowSeconds", terms.challengeWindowSeconds())
                .add("challengeDeposit", terms.challengeDeposit().value().toString())
                .add("slashShareBps", terms.slashShareBps()).add("challengerRewardBps", terms.challengerRewardBps())
                .build();
    }

    private static DatanetTerms termsOf(JsonObject row) {
        return new DatanetTerms(TokenAmount.of(row.getJsonNumber("bond").bigIntegerValueExact()),
                row.getJsonNumber("challenge_window_seconds").longValueExact(),
                TokenAmount.of(row.getJsonNumber("challenge_deposit").bigIntegerValueExact()),
                row.getInt("slash_share_bps"), row.getInt("challenger_reward_bps"));
    }

    // ---- reads ----------------------------------------------------------------------------------------------

    public Uni<Datanet> byId(UUID id) {
        return pool.preparedQuery(BY_ID).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : Datanet.of(rows.iterator().next()));
    }

    public Uni<Datanet> bySlug(String slug) {
        return pool.preparedQuery(BY_SLUG).execute(Tuple.of(slug))
                .map(rows -> rows.size() == 0 ? null : Datanet.of(rows.iterator().next()));
    }

    /** Many datanets in one statement, in the order of {@code ids}; null where unknown. */
    public Uni<List<Datanet>> byIds(List<UUID> ids) {
        return pool.preparedQuery(BY_IDS).execute(Tuple.of(ids.toArray(UUID[]::new))).map(rows -> {
            Map<UUID, Datanet> byId = new HashMap<>();
            Rows.list(rows, Datanet::of).forEach(d -> byId.put(d.id(), d));
            return ids.stream().map(byId::get).toList();
        });
    }

    public Uni<Page<Datanet>> page(PageRequest page, Filter filter, DatanetOrder order) {
        DatanetOrder.Field field = order == null || order.field() == null ? DatanetOrder.Field.CREATED_AT
                : order.field();
        Keyset.Direction direction = order == null || order.direction() == null ? Keyset.Direction.DESC
                : order.direction();
        Conditions where = filter.where();
        return ORDERS.get(field).get(direction).fetch(pool, PAGE, where, page, Datanet::of);
    }

    public Uni<Integer> count(Filter filter) {
        Conditions where = filter.where();
        return pool.preparedQuery(COUNT + where).execute(where.args()).map(Rows::count);
    }

    public Uni<List<Participant>> ownersOf(List<Datanet> datanets) {
        return participants.byIds(datanets.stream().map(Datanet::ownerId).toList());
    }

    /** Curators of many datanets in one statement, each list oldest first (the owner first). */
    public Uni<List<List<DatanetCurator>>> curatorsOf(List<UUID> datanetIds) {
        return pool.preparedQuery(CURATORS).execute(Tuple.of(datanetIds.toArray(UUID[]::new)))
                .map(rows -> Batch.toMany(datanetIds, Rows.list(rows, r -> new DatanetCurator(
                        r.getUUID("datanet_id"), ParticipantService.toParticipant(r), r.getOffsetDateTime("added_at"),
                        r.getBoolean("is_owner"))), DatanetCurator::datanetId));
    }

    /** Contribution counts by state for many datanets: one GROUP BY for the page. */
    public Uni<List<DatanetContributionCounts>> contributionCountsOf(List<UUID> datanetIds) {
        return pool.preparedQuery(COUNTS).execute(Tuple.of(datanetIds.toArray(UUID[]::new))).map(rows -> {
            Map<UUID, Map<String, Integer>> byDatanet = new HashMap<>();
            for (Row r : rows) {
                byDatanet.computeIfAbsent(r.getUUID("datanet_id"), k -> new HashMap<>())
                        .put(r.getString("state"), Math.toIntExact(r.getLong("n")));
            }
            return datanetIds.stream().map(id -> {
                Map<String, Integer> n = byDatanet.getOrDefault(id, Map.of());
                return new DatanetContributionCounts(n.getOrDefault("PENDING", 0), n.getOrDefault("ACCEPTED", 0),
                        n.getOrDefault("CHALLENGED", 0), n.getOrDefault("FINAL", 0), n.getOrDefault("REJECTED", 0),
                        n.getOrDefault("SLASHING", 0), n.getOrDefault("SLASHED", 0),
                        n.values().stream().mapToInt(Integer::intValue).sum());
            }).toList();
        });
    }

    /** The datanet's change log, newest first; access grants and revocations only for its curators. */
    public Uni<Page<DatanetChange>> history(UUID datanetId, UUID reader, PageRequest page) {
        return NEWEST_CHANGE_FIRST.fetch(pool, HISTORY, page, Rows.tuple(datanetId, reader), r -> new DatanetChange(
                r.getLong("id").toString(), DatanetChange.Kind.valueOf(r.getString("change")), r.getString("detail"),
                r.getOffsetDateTime("at"), r.getLong("id"), r.getUUID("datanet_id"), r.getUUID("actor_id")));
    }
}
