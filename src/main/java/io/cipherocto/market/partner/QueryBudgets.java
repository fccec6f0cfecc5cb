package io.cipherocto.market.partner;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cipherocto.market.core.cost.CostBudget;
import io.cipherocto.market.core.time.PollingWorker;
import io.cipherocto.market.core.time.TimeSource;
import io.cipherocto.market.identity.Caller;
import io.cipherocto.market.identity.CurrentCaller;
import io.cipherocto.market.identity.Role;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The query-cost budgets of the access policy: one token bucket per caller (its subject; an anonymous caller: its
 * address) on each replica, sized by the caller's audience line. No database write per request: each replica keeps
 * its buckets in memory with the policy's bucket and rate divided by {@code octo.rate-limit.replicas} (so N replicas
 * together allow what the policy says, whichever replica a request lands on), and adds up spend per caller, operation
 * and minute in memory, written in one batched statement every {@code octo.rate-limit.spend-flush-every}.
 *
 * <p>Admins are charged and told their cost like everyone, but never refused (they run the marketplace).
 */
@ApplicationScoped
public class QueryBudgets implements CostBudget {

    private static final Logger LOG = Logger.getLogger(QueryBudgets.class);
    static final int MAX_OPERATION_NAME = 100;
    /** Spend rows waiting for the next write; past this, further operations are summed as "(other)". */
    static final int MAX_PENDING = 50_000;
    static final String UNNAMED = "(unnamed)";
    /** Operations {@code mySpend} lists at most. */
    static final int MAX_OPERATIONS = 100;
    static final String OTHER = "(other)";
    /** Where the current HTTP request's charge is kept (its routing context), for {@code rateLimit}. */
    static final String CHARGE = "octo.query-charge";

    /** One caller's spend on one operation in one minute. */
    record SpendKey(String caller, String operation, OffsetDateTime minute) {
    }

    /** The charge of the current request, for {@code rateLimit} and the response headers. */
    record Charge(Audience audience, long requested, TokenBucket.Status status) {
    }

    private final CurrentCaller current;
    private final Instance<CurrentVertxRequest> request;
    private final PolicyStore store;
    private final TimeSource time;
    private final Pool pool;
    private final int replicas;
    private final Duration flushEvery;
    private final Duration retention;
    private final Cache<String, TokenBucket> buckets;
    private final ConcurrentHashMap<SpendKey, long[]> pending = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private PollingWorker flusher;

    QueryBudgets(CurrentCaller current, Instance<CurrentVertxRequest> request, PolicyStore store, TimeSource time,
            Pool pool, @ConfigProperty(name = "octo.rate-limit.replicas", defaultValue = "1") int replicas,
            @ConfigProperty(name = "octo.rate-limit.spend-flush-every", defaultValue = "5s") Duration flushEvery,
            @ConfigProperty(name = "octo.rate-limit.spend-retention", defaultValue = "P8D") Duration retention,
            @ConfigProperty(name = "octo.rate-limit.max-buckets", defaultValue = "100000") long maxBuckets) {
        if (replicas < 1) {
            throw new IllegalStateException("octo.rate-limit.replicas must be at least 1, not " + replicas);
        }
        this.current = current;
        this.request = request;
        this.store = store;
        this.time = time;
        this.pool = pool;
        this.replicas = replicas;
        this.flushEvery = flushEvery;
        this.retention = retention;
        // an idle bucket is full again within bucket / rate seconds; one evicted early only starts full
        this.buckets = Caffeine.newBuilder().maximumSize(maxBuckets).expireAfterAccess(Duration.ofHours(1)).build();
    }

    void start(@Observes StartupEvent ignored) {
        flusher = new PollingWorker("query-spend", flushEvery, this::flushQuietly);
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        if (flusher != null) {
            flusher.stop();
        }
        flushQuietly();
    }

    @Override
    public Reservation reserve(String operationName, long requested) {
        Optional<Caller> caller = current.callerIfAny();
        Audience audience = Audience.of(caller);
        boolean admin = caller.map(c -> c.roles().contains(Role.ADMIN)).orElse(false);
        QueryBudget budget = store.entitlements(audience).budget();
        long capacity = capacity(budget);
        long rate = rate(budget);
        String key = keyOf(caller);
        long now = System.nanoTime();
        TokenBucket bucket = buckets.get(key, k -> new TokenBucket(capacity, now));
        if (!admin && requested > budget.maxCostPerRequest()) {
            refused.incrementAndGet();
            headers(new Charge(audience, requested, bucket.status(capacity, rate, now)), null);
            throw BudgetRefused.aboveMaximum(requested, budget.maxCostPerRequest());
        }
        if (!bucket.take(admin ? 0 : requested, capacity, rate, now)) {
            refused.incrementAndGet();
            TokenBucket.Status status = bucket.status(capacity, rate, now);
            long retryAfter = Math.max(1, bucket.secondsUntil(requested, capacity, rate, now));
            headers(new Charge(audience, requested, status), retryAfter);
            throw BudgetRefused.exhausted(requested, status.available(), capacity, rate, retryAfter);
        }
        String operation = operationName == null || operationName.isBlank() ? UNNAMED
                : operationName.length() > MAX_OPERATION_NAME ? operationName.substring(0, MAX_OPERATION_NAME)
                : operationName;
        RoutingContext rc = routing();
        if (rc != null) {
            rc.put(CHARGE, new Charge(audience, requested, bucket.status(capacity, rate, now)));
        }
        return actual -> {
            long later = System.nanoTime();
            if (!admin) {
                bucket.refund(requested - actual, capacity, rate, later);
            }
            record(key, operation, actual);
            Charge charge = new Charge(audience, requested, bucket.status(capacity, rate, later));
            headers(charge, null);
            Map<String, Object> throttle = new LinkedHashMap<>();
            throttle.put("maximumAvailable", charge.status().capacity());
            throttle.put("currentlyAvailable", charge.status().available());
            throttle.put("restoreRate", charge.status().rate());
            Map<String, Object> cost = new LinkedHashMap<>();
            cost.put("requestedQueryCost", requested);
            cost.put("actualQueryCost", actual);
            cost.put("audience", audience.name());
            cost.put("throttleStatus", throttle);
            return cost;
        };
    }

    /** The current HTTP request's charge, if it was charged (null over a WebSocket). */
    Charge charge() {
        RoutingContext rc = routing();
        return rc == null ? null : rc.get(CHARGE);
    }

    /** The caller's bucket now, without charging it (for {@code rateLimit}). */
    TokenBucket.Status status(Optional<Caller> caller) {
        QueryBudget budget = store.entitlements(Audience.of(caller)).budget();
        long capacity = capacity(budget);
        long rate = rate(budget);
        String key = keyOf(caller);
        long now = System.nanoTime();
        return buckets.get(key, k -> new TokenBucket(capacity, now)).status(capacity, rate, now);
    }

    /** This replica's share of a bucket: the policy's divided by the replicas, never below one request's maximum. */
    long capacity(QueryBudget budget) {
        return Math.max(budget.bucketSize() / replicas, budget.maxCostPerRequest());
    }

    long rate(QueryBudget budget) {
        return Math.max(1, budget.restoreRate() / replicas);
    }

    int replicas() {
        return replicas;
    }

    /** Requests refused by a budget since start (for tests and the benchmark). */
    public long refused() {
        return refused.get();
    }

    // ---------------------------------------------------------------------------------------------- spend

    private void record(String caller, String operation, long cost) {
        OffsetDateTime minute = time.nowUtc().truncatedTo(ChronoUnit.MINUTES);
        SpendKey key = new SpendKey(caller, operation, minute);
        if (pending.size() >= MAX_PENDING && !pending.containsKey(key)) {
            key = new SpendKey(caller, OTHER, minute);
        }
        pending.compute(key, (k, sums) -> {
            long[] s = sums == null ? new long[2] : sums;
            s[0]++;
            s[1] += cost;
            return s;
        });
    }

    /**
     * The caller's spend over {@code window}, by operation, most expensive first (at most {@link #MAX_OPERATIONS}):
     * what the replicas have written, plus this replica's sums not written yet.
     */
    Uni<QuerySpend> spend(Optional<Caller> caller, QuerySpend.SpendWindow window) {
        String key = keyOf(caller);
        OffsetDateTime since = time.nowUtc().minus(window.length).truncatedTo(ChronoUnit.MINUTES);
        return pool.preparedQuery("""
                        SELECT operation, sum(requests) AS requests, sum(cost) AS cost FROM query_spend
                        WHERE caller_key = $1 AND minute >= $2 GROUP BY operation""")
                .execute(Tuple.of(key, since)).map(rows -> {
                    Map<String, long[]> sums = unwritten(key, since);
                    for (Row row : rows) {
                        sums.merge(row.getString("operation"), new long[] {row.getLong("requests"),
                                row.getLong("cost")}, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
                    }
                    List<QuerySpend.OperationSpend> operations = new ArrayList<>();
                    sums.forEach((operation, s) -> operations.add(new QuerySpend.OperationSpend(operation, s[0], s[1])));
                    operations.sort(Comparator.comparing(QuerySpend.OperationSpend::cost).reversed()
                            .thenComparing(QuerySpend.OperationSpend::operationName));
                    return new QuerySpend(window, since,
                            operations.stream().mapToLong(QuerySpend.OperationSpend::requests).sum(),
                            operations.stream().mapToLong(QuerySpend.OperationSpend::cost).sum(),
                            operations.subList(0, Math.min(MAX_OPERATIONS, operations.size())));
                });
    }

    /** The caller's spend not yet written, per operation (this replica only). */
    private Map<String, long[]> unwritten(String caller, OffsetDateTime since) {
        Map<String, long[]> sums = new LinkedHashMap<>();
        pending.forEach((key, s) -> {
            if (key.caller().equals(caller) && !key.minute().isBefore(since)) {
                long[] into = sums.computeIfAbsent(key.operation(), k -> new long[2]);
                into[0] += s[0];
                into[1] += s[1];
            }
        });
        return sums;
    }

    /** Whose bucket and spend: the token subject, or an anonymous caller's address. */
    private String keyOf(Optional<Caller> caller) {
        return caller.map(c -> "sub:" + c.subject()).orElseGet(() -> "ip:" + address());
    }

    /** Writes the spend summed since the last write, in one statement; then forgets spend past retention. */
    void flush() {
        List<String> callers = new ArrayList<>();
        List<String> operations = new ArrayList<>();
        List<OffsetDateTime> minutes = new ArrayList<>();
        List<Long> requests = new ArrayList<>();
        List<Long> costs = new ArrayList<>();
        for (SpendKey key : List.copyOf(pending.keySet())) {
            long[] sums = pending.remove(key);
            if (sums != null) {
                callers.add(key.caller());
                operations.add(key.operation());
                minutes.add(key.minute());
                requests.add(sums[0]);
                costs.add(sums[1]);
            }
        }
        if (!callers.isEmpty()) {
            try {
                pool.preparedQuery("""
                            INSERT INTO query_spend (caller_key, operation, minute, requests, cost)
                            SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::bigint[], $5::bigint[])
                            ON CONFLICT (caller_key, minute, operation) DO UPDATE
                            SET requests = query_spend.requests + EXCLUDED.requests,
                                cost = query_spend.cost + EXCLUDED.cost""")
                    .execute(Tuple.of(callers.toArray(String[]::new), operations.toArray(String[]::new),
                            minutes.toArray(OffsetDateTime[]::new), requests.toArray(Long[]::new),
                            costs.toArray(Long[]::new)))
                    .await().atMost(Duration.ofSeconds(30));
            } catch (RuntimeException e) {
                // not written: summed again into what waits, for the next round
                for (int i = 0; i < callers.size(); i++) {
                    long r = requests.get(i);
                    long c = costs.get(i);
                    pending.merge(new SpendKey(callers.get(i), operations.get(i), minutes.get(i)),
                            new long[] {r, c}, (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
                }
                throw e;
            }
        }
        pool.preparedQuery("DELETE FROM query_spend WHERE minute < $1")
                .execute(Tuple.of(time.nowUtc().minus(retention))).await().atMost(Duration.ofSeconds(30));
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warnf("writing query spend failed, retried next round: %s", e.getMessage());
        }
    }

    // ---------------------------------------------------------------------------------------------- HTTP

    private RoutingContext routing() {
        try {
            return request.isResolvable() ? request.get().getCurrent() : null;
        } catch (ContextNotActiveException e) {
            return null;
        }
    }

    private String address() {
        RoutingContext rc = routing();
        return rc == null || rc.request().remoteAddress() == null ? "unknown" : rc.request().remoteAddress().hostAddress();
    }

    /** The X-RateLimit-* headers (and Retry-After on a refusal) of an HTTP request; nothing over a WebSocket. */
    private void headers(Charge charge, Long retryAfter) {
        RoutingContext rc = routing();
        if (rc == null || rc.response().headWritten()) {
            return;
        }
        TokenBucket.Status status = charge.status();
        long resetAt = time.nowUtc().toEpochSecond() + status.fullInSeconds();
        rc.response().putHeader("X-RateLimit-Limit", Long.toString(status.capacity()))
                .putHeader("X-RateLimit-Remaining", Long.toString(status.available()))
                .putHeader("X-RateLimit-Reset", Long.toString(resetAt))
                .putHeader("X-RateLimit-Cost", Long.toString(charge.requested()));
        if (retryAfter != null) {
            rc.response().putHeader("Retry-After", Long.toString(retryAfter));
        }
    }
}
