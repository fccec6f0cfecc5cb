package io.cipherocto.market.quota;

import io.cipherocto.market.core.db.Transactions;
import io.cipherocto.market.core.time.PollingWorker;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Closes purchases of expired listings: every {@code octo.quota.expire-every}, open purchases whose listing expired
 * (by business time) are closed and their unreleased part refunded. One replica at a time (a transaction advisory
 * lock; the others skip the round), in batches, each batch one transaction.
 */
@ApplicationScoped
public class QuotaExpiry {

    private static final Logger LOG = Logger.getLogger(QuotaExpiry.class);
    /** Advisory lock key of the expiry step ("octoquex" in ASCII). */
    private static final long LOCK = 0x6f63746f71756578L;
    private static final int BATCH = 100;

    private final Transactions transactions;
    private final QuotaService quotas;
    private final QuotaConfig config;
    private PollingWorker worker;

    QuotaExpiry(Transactions transactions, QuotaService quotas, QuotaConfig config) {
        this.transactions = transactions;
        this.quotas = quotas;
        this.config = config;
    }

    void start(@Observes StartupEvent ignored) {
        worker = new PollingWorker("quota-expiry", config.expireEvery(), this::expireQuietly);
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        if (worker != null) {
            worker.stop();
        }
    }

    private void expireQuietly() {
        try {
            int done;
            do {
                done = transactions.runAndWait(this::expireDue, Duration.ofSeconds(30));
            } while (done == BATCH);
        } catch (RuntimeException e) {
            LOG.warnf("closing expired quota purchases failed, retried next round: %s", e.getMessage());
        }
    }

    /** One batch: how many purchases were closed (zero when another replica holds the lock). */
    Uni<Integer> expireDue(Mutiny.Session session) {
        return session.createNativeQuery("SELECT pg_try_advisory_xact_lock(:key)", Boolean.class)
                .setParameter("key", LOCK).getSingleResult()
                .chain(locked -> locked ? quotas.expireDue(session, BATCH) : Uni.createFrom().item(0));
    }
}
