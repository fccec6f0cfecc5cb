package io.cipherocto.market.job;

import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.core.live.LiveEvents;
import io.cipherocto.market.core.live.SubscriptionLimit;
import io.cipherocto.market.core.time.TimeSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * The job event history and its live feed. Writers {@link #append} an event row and a {@code NOTIFY} in the
 * command's transaction. Each replica runs one pump: on a notice (or every {@code octo.jobs.poll-every}) it reads the
 * table forward from its head, in (tx, seq) order, and stops at the first row whose transaction is not older than
 * every running one ({@code tx >= pg_snapshot_xmin}); such a row waits (re-read shortly) because a transaction that
 * started earlier could still commit a row before it. Everything up to the head is therefore final, so a subscriber
 * catches up from its cursor to the head from the table, then takes live events from the pump, dropping anything at
 * or below what it already delivered: no gap, no duplicate, in order.
 */
@ApplicationScoped
public class JobFeed {

    static final String TOPIC = "job-events";

    private static final Logger LOG = Logger.getLogger(JobFeed.class);
    private static final int PAGE = 500;
    private static final String READY = "e.tx < pg_snapshot_xmin(pg_current_snapshot())";
    private static final String AFTER = "(e.tx, e.seq) > (CAST($1 AS xid8), $2)";
    private static final String UP_TO = "(e.tx, e.seq) <= (CAST($3 AS xid8), $4)";
    private static final String PUMP = "SELECT " + JobEvent.COLUMNS + ", " + READY + " AS ready FROM job_event e WHERE "
            + AFTER + " ORDER BY e.tx, e.seq LIMIT $3";
    private static final String HEAD = "SELECT e.tx::text AS tx, e.seq FROM job_event e WHERE " + READY
            + " ORDER BY e.tx DESC, e.seq DESC LIMIT 1";
    private static final String HORIZON = "SELECT tx::text AS tx, seq FROM job_event_horizon";
    private static final String INSERT = """
            INSERT INTO job_event (job_id, consumer_id, operator_id, state, gpu_class, memory_gb, kind, data, at)
            VALUES (:job, :consumer, :operator, :state, :gpu, :memory, :kind, CAST(CAST(:data AS text) AS jsonb), :at)""";

    /** Whose events a subscriber or a history read wants; {@link #sql} is the same rule as {@link #matches}. */
    sealed interface Scope {
        boolean matches(JobEvent e);

        /** The SQL condition, its parameters numbered from {@code $n}. */
        String sql(int n);

        List<Object> args();
    }

    record OfJob(UUID job) implements Scope {
        public boolean matches(JobEvent e) {
            return job.equals(e.jobId());
        }

        public String sql(int n) {
            return "e.job_id = $" + n;
        }

        public List<Object> args() {
            return List.of(job);
        }
    }

    record OfConsumer(UUID consumer) implements Scope {
        public boolean matches(JobEvent e) {
            return consumer.equals(e.consumerId());
        }

        public String sql(int n) {
            return "e.consumer_id = $" + n;
        }

        public List<Object> args() {
            return List.of(consumer);
        }
    }

    /** An operator's feed: its own jobs, and queued jobs it could run. */
    record OfOperator(UUID operator, String gpuClass, int memoryGb) implements Scope {
        public boolean matches(JobEvent e) {
            return operator.equals(e.operatorId()) || e.state() == JobState.QUEUED && gpuClass.equals(e.gpuClass())
                    && e.memoryGb() <= memoryGb;
        }

        public String sql(int n) {
            return "(e.operator_id = $" + n + " OR (e.state = 'QUEUED' AND e.gpu_class = $" + (n + 1)
                    + " AND e.memory_gb <= $" + (n + 2) + "))";
        }

        public List<Object> args() {
            return List.of(operator, gpuClass, memoryGb);
        }
    }

    /** Every job (admins). */
    record All() implements Scope {
        public boolean matches(JobEvent e) {
            return true;
        }

        public String sql(int n) {
            return "TRUE";
        }

        public List<Object> args() {
            return List.of();
        }
    }

    private final Pool pool;
    private final LiveEvents live;
    private final Vertx vertx;
    private final TimeSource time;
    private final JobConfig config;
    private final Object lock = new Object();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final AtomicBoolean pumping = new AtomicBoolean();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private volatile EventPosition head;
    /** Reads that found a row waiting behind an older open transaction (tests observe the hold-back with it). */
    private final java.util.concurrent.atomic.AtomicLong heldBack = new java.util.concurrent.atomic.AtomicLong();
    private long pollTimer = -1;
    private volatile boolean stopped;

    JobFeed(Pool pool, LiveEvents live, Vertx vertx, TimeSource time, JobConfig config, MeterRegistry metrics) {
        this.pool = pool;
        this.live = live;
        this.vertx = vertx;
        this.time = time;
        this.config = config;
        metrics.gaugeCollectionSize("octo_job_subscribers", List.of(), subscribers);
    }

    void start(@Observes StartupEvent ignored) {
        live.notices().filter(n -> TOPIC.equals(n.topic())).subscribe().with(n -> poke(), f -> { });
        loadHead();
        pollTimer = vertx.setPeriodic(Math.max(50, config.pollEvery().toMillis()), id -> poke());
    }

    void stop(@Observes ShutdownEvent ignored) {
        stopped = true;
        vertx.cancelTimer(pollTimer);
        subscribers.forEach(s -> s.emitter.complete());
    }

    private void loadHead() {
        pool.preparedQuery(HEAD).execute().subscribe().with(rows -> {
            head = rows.size() == 0 ? EventPosition.ORIGIN : position(rows.iterator().next());
            started.complete(null);
            poke();
        }, failure -> {
            LOG.warnf("reading the job event head failed, retrying: %s", failure.getMessage());
            vertx.setTimer(1_000, id -> loadHead());
        });
    }

    // ------------------------------------------------------------------------------------------------ writing

    /** Appends an event in the command's transaction and NOTIFYs every replica on commit. */
    static Uni<Void> append(Mutiny.Session session, JobService.Held job, JobEventKind kind, JsonObject data,
            java.time.OffsetDateTime at) {
        return session.createNativeQuery(INSERT).setParameter("job", job.id()).setParameter("consumer", job.consumer())
                .setParameter("operator", job.operator()).setParameter("state", job.state().name())
                .setParameter("gpu", job.gpuClass()).setParameter("memory", job.memoryGb())
                .setParameter("kind", kind.name()).setParameter("data", data.encode()).setParameter("at", at)
                .executeUpdate()
                .chain(() -> LiveEvents.publish(session, TOPIC, "")); // one notice per transaction: PostgreSQL folds them
    }

    // ------------------------------------------------------------------------------------------------ history

    /** Events of a scope after {@code after}, final ones only, oldest first: what {@code jobEvents} pages through. */
    Uni<List<JobEvent>> history(Scope scope, EventPosition after, int limit) {
        String sql = "SELECT " + JobEvent.COLUMNS + " FROM job_event e WHERE " + AFTER + " AND " + READY + " AND "
                + scope.sql(4)
                + " ORDER BY e.tx, e.seq LIMIT $3";
        Tuple args = Tuple.of(Long.toString(after.tx()), after.seq(), limit);
        scope.args().forEach(args::addValue);
        return pool.preparedQuery(sql).execute(args).map(rows -> Rows.list(rows, JobEvent::of));
    }

    private Uni<List<JobEvent>> between(Scope scope, EventPosition after, EventPosition upTo) {
        String sql = "SELECT " + JobEvent.COLUMNS + " FROM job_event e WHERE " + AFTER + " AND " + UP_TO + " AND "
                + scope.sql(5) + " ORDER BY e.tx, e.seq LIMIT " + PAGE;
        Tuple args = Tuple.of(Long.toString(after.tx()), after.seq(), Long.toString(upTo.tx()), upTo.seq());
        scope.args().forEach(args::addValue);
        return pool.preparedQuery(sql).execute(args).map(rows -> Rows.list(rows, JobEvent::of));
    }

    /** The newest pruned position, or null when nothing was pruned yet. */
    private Uni<EventPosition> horizon() {
        return pool.preparedQuery(HORIZON).execute()
                .map(rows -> rows.size() == 0 ? null : position(rows.iterator().next()));
    }

    // ------------------------------------------------------------------------------------------------ live

    /**
     * Every event of {@code scope} after {@code after} (null: from now on; {@link EventPosition#ORIGIN}: all that is
     * retained), then live ones, in order, each once. A cursor at or below the retention horizon first gets RESYNC. Events wait in a per-subscriber queue
     * until the subscriber asks for them; one that lets {@code octo.jobs.subscriber-buffer} events pile up is ended
     * at once with RATE_LIMITED SLOW_CONSUMER naming the cursor to resume from (what it got is never lost).
     */
    Multi<JobEvent> subscribe(Scope scope, EventPosition after) {
        Multi<JobEvent> events = Multi.createFrom().<JobEvent>emitter(emitter -> {
            Subscriber s;
            // the subscriber's own event loop (its WebSocket's): its events are executed there, not on the pump's
            io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
            synchronized (lock) {
                s = new Subscriber(scope, emitter, after == null ? head : after, head, context);
                subscribers.add(s);
            }
            emitter.onTermination(() -> {
                subscribers.remove(s);
                synchronized (s) {
                    s.ended = true;
                    s.queue.clear();
                }
            });
            emitter.onRequest(n -> {
                synchronized (s) {
                    s.drain();
                }
            });
            // from now, or the whole retained history (the origin): nothing to resync
            Uni<EventPosition> horizon = after == null || after.equals(EventPosition.ORIGIN)
                    ? Uni.createFrom().nullItem() : horizon();
            horizon.subscribe().with(h -> {
                synchronized (s) {
                    if (h != null && after.compareTo(h) <= 0) {
                        EventPosition from = s.upTo.after(after) ? s.upTo : after;
                        s.last = from;
                        s.queue.add(JobEvent.resync(from, time.nowUtc()));
                    }
                    s.drain();
                }
            }, emitter::fail);
        }, BackPressureStrategy.ERROR); // never overflows: a subscriber emits only what was requested
        return Uni.createFrom().completionStage(started).onItem().transformToMulti(v -> events);
    }

    /** A notice arrived (or the poll timer fired): read forward unless a read is already running. */
    void poke() {
        dirty.set(true);
        if (head == null || stopped || !pumping.compareAndSet(false, true)) {
            return;
        }
        dirty.set(false);
        pool.preparedQuery(PUMP).execute(Tuple.of(Long.toString(head.tx()), head.seq(), PAGE)).subscribe().with(rows -> {
            boolean waiting = false;
            int n = 0;
            try {
                for (Row row : rows) {
                    n++;
                    if (!row.getBoolean("ready")) {
                        waiting = true; // an older transaction is still open: wait for it, then read again
                        heldBack.incrementAndGet();
                        break;
                    }
                    deliver(JobEvent.of(row));
                }
            } catch (RuntimeException e) {
                // never skip an event (that would be a gap): stay at it, say so loudly, retry on the next poll
                LOG.errorf(e, "job event feed stalled at %s", head);
                pumping.set(false);
                return;
            }
            pumping.set(false);
            if (n == PAGE && !waiting) {
                poke();
            } else if (waiting) {
                vertx.setTimer(20, id -> poke());
            } else if (dirty.get()) {
                poke();
            }
        }, failure -> {
            pumping.set(false);
            LOG.debugf("job event pump: %s", failure.getMessage());
        });
    }

    private void deliver(JobEvent event) {
        synchronized (lock) {
            head = event.position();
            for (Subscriber s : subscribers) {
                s.offer(event);
            }
        }
    }

    /** Open live subscriptions on this replica. */
    public int subscriberCount() {
        return subscribers.size();
    }

    /** How many reads found rows held back behind an older open transaction (tests). */
    long heldBack() {
        return heldBack.get();
    }

    /** The position this replica has delivered up to (tests). */
    EventPosition head() {
        return head;
    }

    private static EventPosition position(Row row) {
        return new EventPosition(Long.parseLong(row.getString("tx")), row.getLong("seq"));
    }

    /**
     * One subscription. It catches up from the table (pages of {@value #PAGE}, the next one fetched when its queue
     * runs low) up to the head it registered at, holding live events aside meanwhile; then it takes live events.
     * Everything it sends waits in {@code queue} until the subscriber requests it, and is handed over on the
     * subscriber's own Vert.x context, so the pump only queues (fan-out runs on every event loop, not on one). Its
     * state is guarded by its own monitor (taken inside the feed's {@code lock} by the pump, never the other way).
     */
    private final class Subscriber {
        final Scope scope;
        final MultiEmitter<? super JobEvent> emitter;
        final ArrayDeque<JobEvent> queue = new ArrayDeque<>();
        /** The head when it registered: catching up ends there. */
        final EventPosition upTo;
        /** The newest position queued (or the cursor it started from). */
        EventPosition last;
        /** The cursor of the newest event handed to the subscriber. */
        String delivered;
        /** Live events that arrived while catching up; null once live. */
        List<JobEvent> live = new ArrayList<>();
        boolean fetching;
        boolean ended;
        /** Where events are handed over (null outside Vert.x, e.g. a test subscribing directly: handed over inline). */
        final io.vertx.core.Context context;
        /** Handed to the context, not yet emitted: counted against the subscriber's demand. */
        int inFlight;

        Subscriber(Scope scope, MultiEmitter<? super JobEvent> emitter, EventPosition last, EventPosition upTo,
                io.vertx.core.Context context) {
            this.scope = scope;
            this.emitter = emitter;
            this.last = last;
            this.upTo = upTo;
            this.delivered = last.cursor();
            this.context = context;
        }

        synchronized void offer(JobEvent e) {
            if (ended || !scope.matches(e)) {
                return;
            }
            if (live != null) {
                live.add(e);
                if (live.size() > config.subscriberBuffer()) {
                    slow();
                }
            } else if (e.position().after(last)) {
                last = e.position();
                queue.add(e);
                drain();
            }
        }

        /** Hands over what the subscriber asked for; called holding this subscriber's monitor. */
        void drain() {
            while (!ended && emitter.requested() - inFlight > 0 && !queue.isEmpty()) {
                JobEvent e = queue.poll();
                delivered = e.cursor();
                if (context == null) {
                    emitter.emit(e);
                } else {
                    inFlight++;
                    context.runOnContext(v -> handOver(e));
                }
            }
            if (!ended && queue.size() > config.subscriberBuffer()) {
                slow();
            } else if (!ended && live != null && !fetching && queue.size() < PAGE / 2) {
                catchUp();
            }
        }

        /** On the subscriber's context, in order: emit, then see whether more was asked for meanwhile. */
        private void handOver(JobEvent e) {
            boolean live;
            synchronized (this) {
                live = !ended;
            }
            if (live && !emitter.isCancelled()) {
                emitter.emit(e);
            }
            synchronized (this) {
                inFlight--;
                drain();
            }
        }

        private void catchUp() {
            if (!upTo.after(last)) {
                for (JobEvent e : live) {
                    if (e.position().after(last)) {
                        last = e.position();
                        queue.add(e);
                    }
                }
                live = null;
                drain();
                return;
            }
            fetching = true;
            between(scope, last, upTo).subscribe().with(page -> {
                synchronized (this) {
                    fetching = false;
                    for (JobEvent e : page) {
                        last = e.position();
                        queue.add(e);
                    }
                    if (page.size() < PAGE && upTo.after(last)) {
                        last = upTo; // nothing else of this scope up to the head
                    }
                    drain();
                }
            }, emitter::fail);
        }

        private void slow() {
            ended = true;
            queue.clear();
            live = null;
            emitter.fail(new SlowConsumer(delivered, config.subscriberBuffer()));
        }
    }

    /** RATE_LIMITED SLOW_CONSUMER: the subscriber fell too far behind; it resumes with {@code resumeAfter}. */
    static final class SlowConsumer extends io.cipherocto.market.core.error.OctoException {
        SlowConsumer(String resumeAfter, int buffer) {
            super(SubscriptionLimit.SLOW_CONSUMER, "more than " + buffer + " events waited for this subscriber; "
                    + "subscribe again with after = resumeAfter", resumeAfter == null ? Map.of("buffer", buffer)
                    : Map.of("buffer", buffer, "resumeAfter", resumeAfter));
        }
    }
}
