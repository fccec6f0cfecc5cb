package io.cipherocto.market.datanet;

import io.cipherocto.market.core.db.Transactions;
import io.cipherocto.market.core.time.PollingWorker;
import io.cipherocto.market.core.time.TimeSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Closes challenge windows: every {@code octo.datanet.finalize-every}, accepted contributions whose window has passed
 * (by {@link TimeSource}) become FINAL and their bonds are released. One replica at a time does it (a transaction
 * advisory lock; the others skip the round), in batches, each batch one transaction.
 */
@ApplicationScoped
public class ContributionFinalizer {

    private static final Logger LOG = Logger.getLogger(ContributionFinalizer.class);
    /** Advisory lock key of the finalizer ("octofinl" in ASCII). */
    private static final long LOCK = 0x6f63746f66696e6cL;
    private static final int BATCH = 100;

    private final Transactions transactions;
    private final ContributionService contributions;
    private final TimeSource time;
    private final DatanetConfig config;
    private PollingWorker worker;

    ContributionFinalizer(Transactions transactions, ContributionService contributions, TimeSource time,
            DatanetConfig config) {
        this.transactions = transactions;
        this.contributions = contributions;
        this.time = time;
        this.config = config;
    }

    void start(@Observes StartupEvent ignored) {
        worker = new PollingWorker("datanet-finalizer", config.finalizeEvery(), this::finalizeQuietly);
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        if (worker != null) {
            worker.stop();
        }
    }

    private void finalizeQuietly() {
        try {
            int done;
            do {
                done = transactions.runAndWait(this::finalizeDue, Duration.ofSeconds(30));
            } while (done == BATCH);
        } catch (RuntimeException e) {
            LOG.warnf("closing challenge windows failed, retried next round: %s", e.getMessage());
        }
    }

    /** One batch: returns how many contributions became FINAL (zero when another replica holds the lock). */
    Uni<Integer> finalizeDue(Mutiny.Session session) {
        OffsetDateTime now = time.nowUtc();
        return session.createNativeQuery("SELECT pg_try_advisory_xact_lock(:key)", Boolean.class)
                .setParameter("key", LOCK).getSingleResult()
                .chain(locked -> !locked ? Uni.createFrom().item(List.<UUID>of())
                        : session.createNativeQuery("""
                                        SELECT id FROM contribution WHERE state = 'ACCEPTED' AND challenge_ends_at <= :now
                                         ORDER BY challenge_ends_at LIMIT :batch""", UUID.class)
                                .setParameter("now", now).setParameter("batch", BATCH).getResultList())
                .chain(ids -> {
                    Uni<Void> work = Uni.createFrom().voidItem();
                    for (UUID id : ids) {
                        work = work.chain(() -> session.find(ContributionEntity.class, id, LockMode.PESSIMISTIC_WRITE))
                                .chain(c -> {
                                    // a challenge may have arrived since the SELECT: only ACCEPTED ones close
                                    if (c.state != ContributionState.ACCEPTED) {
                                        return Uni.createFrom().voidItem();
                                    }
                                    ContributionState from = c.moveTo(ContributionState.FINAL, now);
                                    return ContributionService.transition(session, c.id, from, ContributionState.FINAL,
                                                    null, "challenge window closed", now)
                                            .chain(() -> contributions.finalized(session, c, now));
                                });
                    }
                    return work.replaceWith(ids.size());
                });
    }
}
