package io.cipherocto.market.model;

import io.cipherocto.market.core.scalar.Tags;
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
import io.cipherocto.market.datanet.Datanet;
import io.cipherocto.market.datanet.DatanetService;
import io.cipherocto.market.identity.Participant;
import io.cipherocto.market.partner.ListingView;
import io.cipherocto.market.identity.ParticipantService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Model versions: publishing, fine-tuning (a new version whose parent is the one it was derived from, by the same
 * owner), metadata changes, and the public reads — the filtered, sorted catalogue, lineage walks and the batched
 * fields of a page. A version is never deleted and its manifest never changes, so an agent built on it always
 * names what it runs.
 */
@ApplicationScoped
public class ModelService {

    static final Pattern VERSION = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$");
    static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");
    static final int MAX_DATANETS = 32;
    static final int MAX_DESCRIPTION_LENGTH = 10_000;
    /** Lineage walks stop at this depth however deep the caller asks. */
    static final int MAX_LINEAGE_DEPTH = 20;
    private static final int MAX_LINEAGE_ROWS = 500;

    // A catalogue page nearly always shows its models' owners: they come in the page's own statement. Both
    // statements are completed by Filter.where().
    private static final String PAGE = "SELECT " + Model.COLUMNS + ", "
            + ParticipantService.columns("o", Model.OWNER_PREFIX)
            + " FROM model m JOIN participant o ON o.id = m.owner_id WHERE ";
    private static final String COUNT = "SELECT count(*) FROM model m WHERE ";
    private static final String BY_IDS = "SELECT " + Model.COLUMNS + " FROM model m WHERE m.id = ANY ($1) AND "
            + ListingView.model("m", 2);
    static final int MODELS_PER_DATANET = 100;
    private static final String TRAINED_ON = "SELECT * FROM (SELECT md.datanet_id, " + Model.COLUMNS
            + ", row_number() OVER (PARTITION BY md.datanet_id ORDER BY m.created_at DESC, m.id) AS n "
            + "FROM model_datanet md JOIN model m ON m.id = md.model_id WHERE md.datanet_id = ANY ($1) AND "
            + ListingView.model("m", 3) + ") t "
            + "WHERE n <= $2 ORDER BY datanet_id, n";
    // Each link's datanet by its primary key: OFFSET 0 keeps the planner from hashing the whole datanet table for
    // a page's few dozen links (a plain join did, at ~0.6 ms a page on 1,000 datanets).
    private static final String DATANETS = "SELECT md.model_id, " + Datanet.columns("d") + " FROM model_datanet md "
            + "CROSS JOIN LATERAL (SELECT * FROM datanet WHERE id = md.datanet_id OFFSET 0) d "
            + "WHERE md.model_id = ANY ($1) ORDER BY md.model_id, md.datanet_id";
    // Fine-tune links cannot cycle (a parent exists before its child), so depth alone bounds the walks.
    private static final String LINEAGE = """
            WITH RECURSIVE up (id, parent_id, depth) AS (
                SELECT id, parent_id, 0 FROM model WHERE id = $1
                UNION ALL
                SELECT m.id, m.parent_id, u.depth + 1 FROM up u JOIN model m ON m.id = u.parent_id WHERE u.depth < $2
            ), down (id, depth) AS (
                SELECT id, 0 FROM model WHERE id = $1
                UNION ALL
                SELECT m.id, d.depth + 1 FROM down d JOIN model m ON m.parent_id = d.id WHERE d.depth < $2
            )
            SELECT * FROM (
                SELECT true AS ancestor, u.depth, %1$s FROM up u JOIN model m ON m.id = u.id
                WHERE u.depth > 0 AND %3$s
                UNION ALL
                SELECT false AS ancestor, d.depth, %1$s FROM down d JOIN model m ON m.id = d.id
                WHERE d.depth > 0 AND %3$s
            ) walk ORDER BY ancestor DESC, depth, created_at, id LIMIT %2$d""".formatted(Model.COLUMNS,
            2 * MAX_LINEAGE_ROWS, ListingView.model("m", 3));

    private static final Map<ModelOrder.Field, Map<Keyset.Direction, Keyset<Model>>> ORDERS =
            new EnumMap<>(ModelOrder.Field.class);

    static {
        for (ModelOrder.Field field : ModelOrder.Field.values()) {
            Map<Keyset.Direction, Keyset<Model>> byDirection = new EnumMap<>(Keyset.Direction.class);
            for (Keyset.Direction direction : Keyset.Direction.values()) {
                Direction d = direction;
                Keyset.Builder<Model> keys = Keyset.orderBy();
                switch (field) {
                    case NAME -> keys.text("m.name", d, Model::name);
                    case PRICE -> keys.numeric("m.price_per_inference", d, m -> m.pricePerInference().value());
                    case CREATED_AT -> keys.timestamp("m.created_at", d, Model::createdAt);
                }
                byDirection.put(direction, keys.thenId("m.id", d, Model::id));
            }
            ORDERS.put(field, byDirection);
        }
    }

    /** A normalised catalogue filter (null: no condition). */
    public record Filter(String search, List<String> tags, String baseModel, UUID datanet, UUID owner,
            TokenAmount minPrice, TokenAmount maxPrice, Boolean earlyAccess, ListingView view) {

        /** The catalogue as {@code view} sees it, filtered by {@code input}. */
        public static Filter of(ModelFilter input, ListingView view) {
            if (input == null) {
                return new Filter(null, null, null, null, null, null, null, null, view);
            }
            String search = input.search() == null || input.search().isBlank() ? null : input.search().strip();
            List<String> tags = input.tags() == null || input.tags().isEmpty() ? null
                    : Tags.normalise(input.tags(), "filter.tags");
            String base = input.baseModel() == null || input.baseModel().isBlank() ? null
                    : input.baseModel().strip();
            PriceRange range = input.priceRange();
            TokenAmount min = range == null ? null : range.min();
            TokenAmount max = range == null ? null : range.max();
            if (min != null && max != null && min.compareTo(max) > 0) {
                throw OctoException.validation("filter.priceRange", "min must not exceed max");
            }
            return new Filter(search, tags, base, Ids.uuid("filter.datanet", input.datanet()),
                    Ids.uuid("filter.owner", input.owner()), min, max, input.earlyAccess(), view);
        }

        /** The catalogue's conditions: only the filters given, then what {@code view} may see. */
        Conditions where() {
            return view.visibleModels("m", Conditions.over(Tuple.tuple())
                    .when(search, "m.search @@ websearch_to_tsquery('english', {})")
                    .when(tags == null ? null : tags.toArray(String[]::new), "m.tags @> {}::text[]")
                    .when(baseModel, "lower(m.base_model) = lower({}::text)")
                    .when(datanet, "EXISTS (SELECT 1 FROM model_datanet md WHERE md.model_id = m.id "
                            + "AND md.datanet_id = {})")
                    .when(owner, "m.owner_id = {}")
                    .when(minPrice, "m.price_per_inference >= {}")
                    .when(maxPrice, "m.price_per_inference <= {}")
                    .when(earlyAccess, "m.early_access = {}"));
        }
    }

    private final Pool pool;
    private final Transactions transactions;
    private final TimeSource time;
    private final ParticipantService participants;
    private final DatanetService datanets;

    ModelService(Pool pool, Transactions transactions, TimeSource time, ParticipantService participants,
            DatanetService datanets) {
        this.pool = pool;
        this.transactions = transactions;
        this.time = time;
        this.participants = participants;
        this.datanets = datanets;
    }

    // ---- commands -------------------------------------------------------------------------------------------

    /** Publishes a model version owned by {@code owner}; a taken (name, version) is CONFLICT MODEL_VERSION_TAKEN. */
    public Uni<Model> publish(UUID owner, PublishModelInput input) {
        Manifest manifest = new Manifest(UUID.randomUUID(), owner, text("input.name", input.name(), 120),
                version(input.version()), text("input.baseModel", input.baseModel(), 200),
                text("input.licence", input.licence(), 200), weightsHash(input.weightsHash()),
                description(input.description()),
                input.tags() == null ? List.of() : Tags.normalise(input.tags(), "input.tags"),
                input.pricePerInference(), Boolean.TRUE.equals(input.earlyAccess()),
                Boolean.TRUE.equals(input.partnerOnly()), null, null);
        List<UUID> datanetIds = datanetIds(input.datanetIds());
        return requireDatanets(datanetIds).chain(() -> insert(manifest, datanetIds)).chain(() -> byId(manifest.id()));
    }

    /**
     * A new version derived from {@code input.parentId}, which must be the caller's: name and base model are the
     * parent's, what the input omits of price and metadata too. Its datanets are those used for this fine-tune.
     */
    public Uni<Model> fineTune(UUID owner, FineTuneModelInput input) {
        UUID parentId = Ids.uuid("input.parentId", input.parentId());
        String version = version(input.version());
        String weights = weightsHash(input.weightsHash());
        String job = input.jobReference() == null ? null : text("input.jobReference", input.jobReference(), 200);
        String description = input.description() == null ? null : description(input.description());
        List<String> tags = input.tags() == null ? null : Tags.normalise(input.tags(), "input.tags");
        String licence = input.licence() == null ? null : text("input.licence", input.licence(), 200);
        List<UUID> datanetIds = datanetIds(input.datanetIds());
        // the parent's owner, name and base model never change: reading it before the transaction is safe
        return byId(parentId).chain(parent -> {
            if (parent == null) {
                throw OctoException.notFound("Model", parentId);
            }
            if (!parent.ownerId().equals(owner)) {
                throw ModelRefused.notOwner(parentId);
            }
            Manifest manifest = new Manifest(UUID.randomUUID(), owner, parent.name(), version, parent.baseModel(),
                    licence == null ? parent.licence() : licence, weights,
                    description == null ? parent.description() : description, tags == null ? parent.tags() : tags,
                    input.pricePerInference() == null ? parent.pricePerInference() : input.pricePerInference(),
                    input.earlyAccess() == null ? parent.earlyAccess() : input.earlyAccess(),
                    input.partnerOnly() == null ? parent.partnerOnly() : input.partnerOnly(), parentId, job);
            return requireDatanets(datanetIds).chain(() -> insert(manifest, datanetIds))
                    .chain(() -> byId(manifest.id()));
        });
    }

    /** Changes a version's metadata, price, early-access or partner-only flag (owner only); omitted fields stay. */
    public Uni<Model> update(UUID caller, UpdateModelInput input) {
        UUID id = Ids.uuid("input.id", input.id());
        String description = input.description() == null ? null : description(input.description());
        List<String> tags = input.tags() == null ? null : Tags.normalise(input.tags(), "input.tags");
        String licence = input.licence() == null ? null : text("input.licence", input.licence(), 200);
        return byId(id).chain(current -> {
            if (current == null) {
                throw OctoException.notFound("Model", id);
            }
            if (!current.ownerId().equals(caller)) {
                throw ModelRefused.notOwner(id);
            }
            return transactions.run(session -> session.createNativeQuery("""
                            UPDATE model SET description = :description, tags = CAST(:tags AS text[]),
                                   licence = :licence, price_per_inference = :price, early_access = :early,
                                   partner_only = :partnerOnly, updated_at = :now
                             WHERE id = :id""")
                    .setParameter("description", description == null ? current.description() : description)
                    .setParameter("tags", (tags == null ? current.tags() : tags).toArray(String[]::new))
                    .setParameter("licence", licence == null ? current.licence() : licence)
                    .setParameter("price", Rows.decimal((input.pricePerInference() == null
                            ? current.pricePerInference() : input.pricePerInference()).value()))
                    .setParameter("early", input.earlyAccess() == null ? current.earlyAccess() : input.earlyAccess())
                    .setParameter("partnerOnly", input.partnerOnly() == null ? current.partnerOnly()
                            : input.partnerOnly())
                    .setParameter("now", time.nowUtc()).setParameter("id", id).executeUpdate()
                    .invoke(() -> Transactions.afterCommit(session, () -> Audit.record("model.updated",
                            Map.of("model", id, "actor", caller)))));
        }).chain(() -> byId(id));
    }

    /** What a new row holds, every value resolved. */
    private record Manifest(UUID id, UUID owner, String name, String version, String baseModel, String licence,
            String weightsHash, String description, List<String> tags, TokenAmount price, boolean earlyAccess,
            boolean partnerOnly, UUID parentId, String jobReference) {
    }

    private Uni<Void> insert(Manifest m, List<UUID> datanetIds) {
        return transactions.run(session -> {
            OffsetDateTime now = time.nowUtc();
            return session.createNativeQuery("""
                            INSERT INTO model (id, owner_id, name, version, base_model, licence, weights_hash,
                                   description, tags, price_per_inference, early_access, partner_only, parent_id, job_reference,
                                   created_at, updated_at)
                            VALUES (:id, :owner, :name, :version, :base, :licence, :weights, :description,
                                   CAST(:tags AS text[]), :price, :early, :partnerOnly, CAST(:parent AS uuid), CAST(:job AS text),
                                   :now, :now)""")
                    .setParameter("id", m.id()).setParameter("owner", m.owner()).setParameter("name", m.name())
                    .setParameter("version", m.version()).setParameter("base", m.baseModel())
                    .setParameter("licence", m.licence()).setParameter("weights", m.weightsHash())
                    .setParameter("description", m.description())
                    .setParameter("tags", m.tags().toArray(String[]::new))
                    .setParameter("price", Rows.decimal(m.price().value())).setParameter("early", m.earlyAccess())
                    .setParameter("partnerOnly", m.partnerOnly())
                    .setParameter("parent", m.parentId() == null ? null : m.parentId().toString())
                    .setParameter("job", m.jobReference()).setParameter("now", now).executeUpdate()
                    .chain(() -> datanetIds.isEmpty() ? Uni.createFrom().item(0) : session.createNativeQuery("""
                                    INSERT INTO model_datanet (model_id, datanet_id)
                                    SELECT :id, d FROM unnest(CAST(:datanets AS uuid[])) AS d""")
                            .setParameter("id", m.id()).setParameter("datanets", datanetIds.toArray(UUID[]::new))
                            .executeUpdate())
                    .invoke(() -> Transactions.afterCommit(session, () -> Audit.record(
                            m.parentId() == null ? "model.published" : "model.fine_tuned",
                            auditDetail(m))))
                    .replaceWithVoid();
        });
    }

    private static Map<String, Object> auditDetail(Manifest m) {
        Map<String, Object> detail = new HashMap<>();
        detail.put("model", m.id());
        detail.put("owner", m.owner());
        detail.put("name", m.name());
        detail.put("version", m.version());
        if (m.parentId() != null) {
            detail.put("parent", m.parentId());
        }
        return detail;
    }

    /** Every named datanet exists, or VALIDATION on input.datanetIds; datanets are never deleted. */
    private Uni<Void> requireDatanets(List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return datanets.byIds(ids).invoke(found -> {
            if (found.stream().anyMatch(Objects::isNull)) {
                throw OctoException.validation("input.datanetIds", "no such datanet");
            }
        }).replaceWithVoid();
    }

    // ---- validation -----------------------------------------------------------------------------------------

    private static List<UUID> datanetIds(List<String> ids) {
        if (ids == null) {
            return List.of();
        }
        Set<UUID> distinct = new LinkedHashSet<>();
        for (String id : ids) {
            if (id == null) {
                throw OctoException.validation("input.datanetIds", "no null ids");
            }
            distinct.add(Ids.uuid("input.datanetIds", id));
        }
        if (distinct.size() > MAX_DATANETS) {
            throw OctoException.validation("input.datanetIds", "at most " + MAX_DATANETS + " datanets");
        }
        return List.copyOf(distinct);
    }

    private static String text(String field, String value, int max) {
        String stripped = value == null ? "" : value.strip();
        if (stripped.isEmpty() || stripped.length() > max) {
            throw OctoException.validation(field, "1 to " + max + " characters");
        }
        return stripped;
    }

    private static String version(String version) {
        String v = version == null ? "" : version.strip();
        if (!VERSION.matcher(v).matches()) {
            throw OctoException.validation("input.version", "letters, digits and . _ + -, 1 to 64 characters");
        }
        return v;
    }

    private static String weightsHash(String hash) {
        String h = hash == null ? "" : hash.strip().toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(h).matches()) {
            throw OctoException.validation("input.weightsHash", "a SHA-256 as 64 hex digits");
        }
        return h;
    }

    private static String description(String description) {
        String text = description == null ? "" : description.strip();
        if (text.length() > MAX_DESCRIPTION_LENGTH) {
            throw OctoException.validation("input.description", "at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        return text;
    }

    // ---- reads ----------------------------------------------------------------------------------------------

    /** A model as the server sees it (every listing, early access or not). */
    public Uni<Model> byId(UUID id) {
        return byId(id, ListingView.EVERYTHING);
    }

    /** A model as {@code view} sees it; null when unknown or invisible to it. */
    public Uni<Model> byId(UUID id, ListingView view) {
        return byIds(List.of(id), view).map(List::getFirst);
    }

    /** Many models as the server sees them (see {@link #byIds(List, ListingView)}). */
    public Uni<List<Model>> byIds(List<UUID> ids) {
        return byIds(ids, ListingView.EVERYTHING);
    }

    /**
     * Many models in one statement, in the order of {@code ids}; null where unknown, invisible to {@code view} or
     * where the id is null.
     */
    public Uni<List<Model>> byIds(List<UUID> ids, ListingView view) {
        UUID[] known = ids.stream().filter(Objects::nonNull).distinct().toArray(UUID[]::new);
        if (known.length == 0) {
            return Uni.createFrom().item(ids.stream().map(id -> (Model) null).toList());
        }
        return pool.preparedQuery(BY_IDS).execute(view.append(Tuple.of(known))).map(rows -> {
            Map<UUID, Model> byId = new HashMap<>();
            Rows.list(rows, Model::of).forEach(m -> byId.put(m.id(), m));
            List<Model> ordered = new ArrayList<>(ids.size());
            ids.forEach(id -> ordered.add(id == null ? null : byId.get(id)));
            return ordered;
        });
    }

    public Uni<Page<Model>> page(PageRequest page, Filter filter, ModelOrder order) {
        ModelOrder.Field field = order == null || order.field() == null ? ModelOrder.Field.CREATED_AT : order.field();
        Keyset.Direction direction = order == null || order.direction() == null ? Keyset.Direction.DESC
                : order.direction();
        Conditions where = filter.where();
        return ORDERS.get(field).get(direction).fetch(pool, PAGE, where, page, Model::of);
    }

    public Uni<Integer> count(Filter filter) {
        Conditions where = filter.where();
        return pool.preparedQuery(COUNT + where).execute(where.args()).map(Rows::count);
    }

    /** The models' owners: those their page's statement joined (no statement), else one statement. */
    public Uni<List<Participant>> ownersOf(List<Model> models) {
        if (models.stream().allMatch(m -> m.loadedOwner() != null)) {
            return Uni.createFrom().item(models.stream().map(Model::loadedOwner).toList());
        }
        return participants.byIds(models.stream().map(Model::ownerId).toList());
    }

    /** Each model's parent version (null for an original or one {@code view} does not see): one statement. */
    public Uni<List<Model>> parentsOf(List<Model> models, ListingView view) {
        return byIds(models.stream().map(Model::parentId).toList(), view);
    }

    /** The datanets each model was trained on: one statement for the page (the links joined to their datanets). */
    public Uni<List<List<Datanet>>> datanetsOf(List<UUID> modelIds) {
        return pool.preparedQuery(DATANETS).execute(Tuple.of(modelIds.toArray(UUID[]::new))).map(rows -> {
            List<Map.Entry<UUID, Datanet>> found = Rows.list(rows,
                    r -> Map.entry(r.getUUID("model_id"), Datanet.of(r)));
            return Batch.toMany(modelIds, found, Map.Entry::getKey).stream()
                    .map(list -> list.stream().map(Map.Entry::getValue).toList()).toList();
        });
    }

    /** The newest versions trained on each datanet (at most {@link #MODELS_PER_DATANET}): one statement a page. */
    public Uni<List<List<Model>>> trainedOn(List<UUID> datanetIds, ListingView view) {
        return pool.preparedQuery(TRAINED_ON)
                .execute(view.append(Tuple.of(datanetIds.toArray(UUID[]::new), MODELS_PER_DATANET)))
                .map(rows -> {
                    List<Map.Entry<UUID, Model>> found = Rows.list(rows,
                            r -> Map.entry(r.getUUID("datanet_id"), Model.of(r)));
                    return Batch.toMany(datanetIds, found, Map.Entry::getKey).stream()
                            .map(list -> list.stream().map(Map.Entry::getValue).toList()).toList();
                });
    }

    /** The version's ancestors and descendants up to {@code depth} links (1–20); null when it does not exist. */
    public Uni<ModelLineage> lineage(UUID id, int depth, ListingView view) {
        if (depth < 1 || depth > MAX_LINEAGE_DEPTH) {
            throw OctoException.validation("depth", "between 1 and " + MAX_LINEAGE_DEPTH);
        }
        return byId(id, view).chain(model -> model == null ? Uni.createFrom().nullItem()
                : pool.preparedQuery(LINEAGE).execute(view.append(Tuple.of(id, depth))).map(rows -> {
                    List<ModelLineageEntry> ancestors = new ArrayList<>();
                    List<ModelLineageEntry> descendants = new ArrayList<>();
                    for (Row r : rows) {
                        ModelLineageEntry entry = new ModelLineageEntry(r.getInteger("depth"), Model.of(r));
                        (r.getBoolean("ancestor") ? ancestors : descendants).add(entry);
                    }
                    return new ModelLineage(model, ancestors, descendants);
                }));
    }
}
