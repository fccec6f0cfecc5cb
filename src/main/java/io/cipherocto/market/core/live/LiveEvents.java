package io.cipherocto.market.core.live;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Live updates across replicas through PostgreSQL: a writer sends {@code NOTIFY} in the transaction that
 * changed the state ({@link #publish}), and every replica LISTENs and fans the notice out to its
 * subscribers. Notices carry only a topic and a key; subscribers re-read the state they show, so a notice
 * never outgrows PostgreSQL's 8 KB payload limit and never shows uncommitted state.
 */
@ApplicationScoped
public class LiveEvents {

    public static final String CHANNEL = "octo_live";

    private static final Logger LOG = Logger.getLogger(LiveEvents.class);

    /** A change notice: which kind of thing changed ({@code topic}) and which one ({@code key}). */
    public record Notice(String topic, String key) {
    }

    private final BroadcastProcessor<Notice> notices = BroadcastProcessor.create();
    private final Vertx vertx;
    private final String url;
    private final Optional<String> username;
    private final Optional<String> password;
    private PgSubscriber subscriber;
    private final AtomicLong active = new AtomicLong();

    LiveEvents(Vertx vertx, MeterRegistry metrics,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        metrics.gauge("octo_subscriptions_active", active);
        this.url = url;
        this.username = username;
        this.password = password;
    }

    void start(@Observes StartupEvent ignored) {
        PgConnectOptions options = PgConnectOptions.fromUri(url);
        username.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options)
                // LISTEN dies with its connection: reconnect forever, once a second.
                .reconnectPolicy(retries -> 1_000L);
        subscriber.channel(CHANNEL).handler(this::dispatch);
        subscriber.connect().subscribe().with(
                ok -> LOG.debugf("listening on %s", CHANNEL),
                failure -> LOG.warnf(failure, "LISTEN %s failed; live updates resume on reconnect", CHANNEL));
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (subscriber != null) {
            subscriber.closeAndAwait();
        }
    }

    /**
     * The state of one thing now, then again after every change notice for it: listens first, then reads, then
     * merges, so a change racing the first read is seen twice, never missed. {@code read} loads the current
     * state; it runs once at the start and once per notice, in order. Notices arriving while a read (or the
     * subscriber) is busy are coalesced into the latest, never refused: the processor broadcasts whether or not this
     * watcher has asked for more, and each read sees every change before it, so only the last one needs a read.
     */
    public <T> Multi<T> watch(String topic, String key, Supplier<Uni<T>> read) {
        Multi<T> changes = notices.filter(n -> n.topic().equals(topic) && n.key().equals(key))
                .onOverflow().dropPreviousItems()
                .onItem().transformToUniAndConcatenate(notice -> read.get());
        return Multi.createBy().merging().streams(changes, read.get().toMulti())
                .onSubscription().invoke(active::incrementAndGet)
                .onTermination().invoke(active::decrementAndGet);
    }

    /** Every notice this replica hears, for features that fan out themselves (e.g. job events). */
    public Multi<Notice> notices() {
        return notices;
    }

    /**
     * Queues a notice in the session's current transaction: PostgreSQL delivers it on commit and drops it
     * on rollback, so subscribers never hear of a change that did not happen.
     */
    public static Uni<Void> publish(Mutiny.Session session, String topic, String key) {
        String payload = new JsonObject().put("topic", topic).put("key", key).encode();
        return session.createNativeQuery("SELECT count(*) FROM (SELECT pg_notify('" + CHANNEL + "', :payload)) n",
                        Long.class)
                .setParameter("payload", payload).getSingleResult().replaceWithVoid();
    }

    private void dispatch(String payload) {
        try {
            JsonObject json = new JsonObject(payload);
            notices.onNext(new Notice(json.getString("topic"), json.getString("key")));
        } catch (RuntimeException e) {
            LOG.warnf("ignored malformed notice on %s: %s", CHANNEL, payload);
        }
    }
}
