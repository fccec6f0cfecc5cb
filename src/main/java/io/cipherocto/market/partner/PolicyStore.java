package io.cipherocto.market.partner;

import io.cipherocto.market.core.audit.Audit;
import io.cipherocto.market.core.db.Transactions;
import io.cipherocto.market.core.error.OctoException;
import io.cipherocto.market.core.live.LiveEvents;
import io.cipherocto.market.core.page.Keyset;
import io.cipherocto.market.core.page.Keyset.Direction;
import io.cipherocto.market.core.page.Page;
import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.core.time.TimeSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * The access policy in force on this replica, and its history. Loaded at start; an admin's edit appends a version
 * in one transaction and NOTIFYs every replica, each of which reloads at once (and every
 * {@code octo.access-policy.reload-every} besides, should a notice be lost while LISTEN reconnects).
 */
@ApplicationScoped
public class PolicyStore {

    static final String TOPIC = "access-policy";
    static final int MAX_REASON_LENGTH = 1000;
    private static final Logger LOG = Logger.getLogger(PolicyStore.class);
    private static final String VERSION_COLUMNS = "v.version, v.id, v.changed_by, v.changed_at, v.reason";
    private static final String CURRENT = "SELECT " + VERSION_COLUMNS
            + " FROM access_policy_version v ORDER BY v.version DESC LIMIT 1";
    private static final String HISTORY = "SELECT " + VERSION_COLUMNS + " FROM access_policy_version v WHERE "
            + Keyset.SLOT;
    private static final String LINES = """
            SELECT version, audience, agreement, early_access, revenue_share_bps, board_observer, co_marketing, support,
                   bucket_size, restore_rate, max_cost_per_request
            FROM access_policy_entitlement WHERE version = ANY ($1)""";
    private static final Keyset<Row> NEWEST_FIRST = Keyset.<Row>orderBy()
            .bigint("v.version::bigint", Direction.DESC, row -> row.getInteger("version").longValue())
            .thenId("v.id", Direction.DESC, row -> row.getUUID("id"));

    private final Pool pool;
    private final Transactions transactions;
    private final TimeSource time;
    private final LiveEvents live;
    private final Vertx vertx;
    private final Duration reloadEvery;
    private volatile PolicyVersion current;
    private long reloadTimer = -1;

    PolicyStore(Pool pool, Transactions transactions, TimeSource time, LiveEvents live, Vertx vertx,
            @ConfigProperty(name = "octo.access-policy.reload-every", defaultValue = "30s") Duration reloadEvery) {
        this.pool = pool;
        this.transactions = transactions;
        this.time = time;
        this.live = live;
        this.vertx = vertx;
        this.reloadEvery = reloadEvery;
    }

    void start(@Observes StartupEvent ignored) {
        live.notices().filter(n -> TOPIC.equals(n.topic())).subscribe().with(n -> reload(), f -> { });
        current = load().await().atMost(Duration.ofSeconds(60));
        reloadTimer = vertx.setPeriodic(Math.max(1_000, reloadEvery.toMillis()), id -> reload());
    }

    void stop(@Observes ShutdownEvent ignored) {
        vertx.cancelTimer(reloadTimer);
    }

    /** The policy in force (never null once the server has started). */
    public PolicyVersion current() {
        PolicyVersion policy = current;
        if (policy == null) {
            throw new IllegalStateException("the access policy is not loaded yet");
        }
        return policy;
    }

    /** The line of the policy in force for {@code audience}. */
    public Entitlements entitlements(Audience audience) {
        return current().of(audience);
    }

    /** Versions, newest first. */
    public Uni<Page<PolicyVersion>> history(PageRequest page) {
        return NEWEST_FIRST.fetch(pool, HISTORY, page, Tuple.tuple(), row -> row)
                .chain(rows -> withLines(rows.nodes()).map(versions -> {
                    Map<Integer, Row> byVersion = new HashMap<>();
                    rows.nodes().forEach(row -> byVersion.put(row.getInteger("version"), row));
                    return new Page<>(rows.nodes().stream().map(row -> versions.get(row.getInteger("version")))
                            .toList(), rows.hasNextPage(), v -> NEWEST_FIRST.cursor(byVersion.get(v.version())));
                }));
    }

    /**
     * Makes {@code lines} (one per audience) the policy in force, as {@code admin}, for {@code reason}; refused when
     * the policy is no longer at {@code expectedVersion}. Edits are serialised by a lock on the version table.
     */
    public Uni<PolicyVersion> update(String admin, List<EntitlementsInput> lines, String reason, int expectedVersion) {
        Map<Audience, EntitlementsInput> byAudience = validate(lines);
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > MAX_REASON_LENGTH) {
            throw OctoException.validation("reason", "1 to " + MAX_REASON_LENGTH + " characters");
        }
        OffsetDateTime now = time.nowUtc();
        return transactions.run(session -> session.createNativeQuery(
                        "LOCK TABLE access_policy_version IN SHARE ROW EXCLUSIVE MODE").executeUpdate()
                .chain(() -> session.createNativeQuery("SELECT max(version) FROM access_policy_version",
                        Integer.class).getSingleResult())
                .chain(at -> {
                    if (at != expectedVersion) {
                        throw PolicyRefused.stale(expectedVersion, at);
                    }
                    int next = at + 1;
                    return session.createNativeQuery("""
                                    INSERT INTO access_policy_version (version, changed_by, changed_at, reason)
                                    VALUES (:v, :by, :at, :why)""").setParameter("v", next)
                            .setParameter("by", admin).setParameter("at", now).setParameter("why", why)
                            .executeUpdate()
                            .chain(() -> insertLines(session, next, byAudience))
                            .chain(() -> LiveEvents.publish(session, TOPIC, Integer.toString(next)))
                            .invoke(() -> Transactions.afterCommit(session, () -> Audit.record("access-policy.changed",
                                    Map.of("version", next, "by", admin, "reason", why))))
                            .replaceWith(next);
                }))
                .chain(version -> load().invoke(this::install));
    }

    private static Uni<Void> insertLines(Mutiny.Session session, int version, Map<Audience, EntitlementsInput> lines) {
        Uni<Integer> work = Uni.createFrom().item(0);
        for (EntitlementsInput line : lines.values()) {
            work = work.chain(() -> session.createNativeQuery("""
                            INSERT INTO access_policy_entitlement (version, audience, agreement, early_access,
                                revenue_share_bps, board_observer, co_marketing, support, bucket_size, restore_rate,
                                max_cost_per_request)
                            VALUES (:v, :audience, :agreement, :early, :share, :board, :marketing, :support, :bucket,
                                    :rate, :max)""")
                    .setParameter("v", version).setParameter("audience", line.audience().name())
                    .setParameter("agreement", line.agreement().name()).setParameter("early", line.earlyAccess())
                    .setParameter("share", line.revenueShareBps()).setParameter("board", line.boardObserver())
                    .setParameter("marketing", line.coMarketing().name())
                    .setParameter("support", line.support().name()).setParameter("bucket", line.bucketSize())
                    .setParameter("rate", line.restoreRate()).setParameter("max", line.maxCostPerRequest())
                    .executeUpdate());
        }
        return work.replaceWithVoid();
    }

    /** Exactly one line per audience, each within bounds; callers without a tier get no partner rights. */
    static Map<Audience, EntitlementsInput> validate(List<EntitlementsInput> lines) {
        Map<Audience, EntitlementsInput> byAudience = new EnumMap<>(Audience.class);
        for (int i = 0; lines != null && i < lines.size(); i++) {
            EntitlementsInput line = lines.get(i);
            String at = "entitlements[" + i + "]";
            if (line == null) {
                throw OctoException.validation(at, "no null lines");
            }
            if (byAudience.put(line.audience(), line) != null) {
                throw OctoException.validation(at + ".audience", "more than one line for " + line.audience());
            }
            bounded(at + ".revenueShareBps", line.revenueShareBps(), 0, 10_000);
            bounded(at + ".bucketSize", line.bucketSize(), 1, 100_000_000);
            bounded(at + ".restoreRate", line.restoreRate(), 1, 10_000_000);
            bounded(at + ".maxCostPerRequest", line.maxCostPerRequest(), 1, line.bucketSize());
            boolean noTier = line.audience() == Audience.ANONYMOUS || line.audience() == Audience.PARTICIPANT;
            if (noTier && (line.agreement() != Agreement.NONE || line.earlyAccess() || line.revenueShareBps() != 0
                    || line.boardObserver() || line.coMarketing() != CoMarketing.NONE
                    || line.support() != SupportLevel.COMMUNITY)) {
                throw OctoException.validation(at, line.audience() + " has no partner rights: agreement NONE, no "
                        + "early access, no revenue share, no board seat, co-marketing NONE, support COMMUNITY");
            }
        }
        for (Audience audience : Audience.values()) {
            if (!byAudience.containsKey(audience)) {
                throw OctoException.validation("entitlements", "a line for every audience; " + audience
                        + " is missing");
            }
        }
        return byAudience;
    }

    private static void bounded(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw OctoException.validation(field, "between " + min + " and " + max);
        }
    }

    private void reload() {
        load().subscribe().with(this::install,
                failure -> LOG.warnf("reloading the access policy failed (keeping version %s): %s",
                        current == null ? "none" : current.version(), failure.getMessage()));
    }

    /** Installs {@code policy} unless a newer one is already in force (reloads may finish out of order). */
    private synchronized void install(PolicyVersion policy) {
        if (current == null || policy.version() > current.version()) {
            if (current != null) {
                LOG.infof("access policy version %d in force (was %d)", policy.version(), current.version());
            }
            current = policy;
        }
    }

    private Uni<PolicyVersion> load() {
        return pool.query(CURRENT).execute().chain(rows -> withLines(List.of(rows.iterator().next())))
                .map(versions -> versions.values().iterator().next());
    }

    private Uni<Map<Integer, PolicyVersion>> withLines(List<Row> versions) {
        Integer[] ids = versions.stream().map(row -> row.getInteger("version")).toArray(Integer[]::new);
        return pool.preparedQuery(LINES).execute(Tuple.of(ids)).map(lines -> assemble(versions, lines));
    }

    private static Map<Integer, PolicyVersion> assemble(List<Row> versions, RowSet<Row> lines) {
        Map<Integer, Entitlements[]> byVersion = new HashMap<>();
        for (Row line : lines) {
            Audience audience = Audience.valueOf(line.getString("audience"));
            byVersion.computeIfAbsent(line.getInteger("version"), v -> new Entitlements[Audience.values().length])
                    [audience.ordinal()] = new Entitlements(audience, Agreement.valueOf(line.getString("agreement")),
                    line.getBoolean("early_access"), line.getInteger("revenue_share_bps"),
                    line.getBoolean("board_observer"), CoMarketing.valueOf(line.getString("co_marketing")),
                    SupportLevel.valueOf(line.getString("support")), new QueryBudget(line.getInteger("bucket_size"),
                    line.getInteger("restore_rate"), line.getInteger("max_cost_per_request")));
        }
        Map<Integer, PolicyVersion> result = new HashMap<>();
        for (Row v : versions) {
            int version = v.getInteger("version");
            Entitlements[] entitlements = byVersion.get(version);
            if (entitlements == null || java.util.Arrays.asList(entitlements).contains(null)) {
                throw new IllegalStateException("access policy version " + version + " lacks a line per audience");
            }
            result.put(version, new PolicyVersion(version, v.getString("changed_by"),
                    v.getOffsetDateTime("changed_at"), v.getString("reason"), List.of(entitlements)));
        }
        return result;
    }
}
