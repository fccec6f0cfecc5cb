package io.cipherocto.market.job;

import io.cipherocto.market.core.db.Transactions;
import io.cipherocto.market.core.time.PollingWorker;
import io.cipherocto.market.core.time.TimeSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Every {@code octo.jobs.deadlines-every}, moves jobs whose deadline passed (by business time): queued ones expire,
 * lapsed leases requeue, silent running jobs stall, overlong ones expire. Overdue rows are claimed with
 * {@code FOR NO KEY UPDATE SKIP LOCKED}, so replicas share the work without waiting on each other; each batch is one
 * transaction. Also prunes job events older than {@code octo.jobs.event-retention} and records the horizon.
 */
@ApplicationScoped
public class JobDeadlines {

    private static final Logger LOG = Logger.getLogger(JobDeadlines.class);
    private static final int BATCH = 100;

    private final Transactions transactions;
    private final JobService jobs;
    private final JobConfig config;
    private final TimeSource time;
    private PollingWorker worker;

    JobDeadlines(Transactions transactions, JobService jobs, JobConfig config, TimeSource time) {
        this.transactions = transactions;
        this.jobs = jobs;
        this.config = config;
        this.time = time;
    }

    void start(@Observes StartupEvent ignored) {
        worker = new PollingWorker("job-deadlines", config.deadlinesEvery(), this::runQuietly);
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        if (worker != null) {
            worker.stop();
        }
    }

    private void runQuietly() {
        try {
            int done;
            do {
                done = transactions.runAndWait(session -> jobs.moveOverdue(session, BATCH), Duration.ofSeconds(30));
            } while (done == BATCH);
            transactions.runAndWait(this::prune, Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            LOG.warnf("moving overdue jobs failed, retried next round: %s", e.getMessage());
        }
    }

    /**
     * Deletes events older than the retention window (only final ones) and raises the horizon to the newest deleted
     * position: a subscriber whose cursor is at or below it gets RESYNC.
     */
    Uni<Integer> prune(Mutiny.Session session) {
        return session.createNativeQuery("""
                        WITH gone AS (
                            DELETE FROM job_event WHERE at < :before AND tx < pg_snapshot_xmin(pg_current_snapshot())
                            RETURNING tx, seq),
                        newest AS (SELECT tx, seq FROM gone ORDER BY tx DESC, seq DESC LIMIT 1),
                        moved AS (
                            INSERT INTO job_event_horizon (id, tx, seq) SELECT TRUE, tx, seq FROM newest
                            ON CONFLICT (id) DO UPDATE SET tx = EXCLUDED.tx, seq = EXCLUDED.seq
                             WHERE (job_event_horizon.tx, job_event_horizon.seq) < (EXCLUDED.tx, EXCLUDED.seq)
                            RETURNING 1)
                        SELECT CAST(count(*) AS integer) FROM gone""", Integer.class)
                .setParameter("before", time.nowUtc().minus(config.eventRetention())).getSingleResult();
    }
}
