package io.cipherocto.market.job;

import io.cipherocto.market.chain.ChainEvent;
import io.cipherocto.market.chain.ChainEventHandler;
import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.core.time.TimeSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The chain finality of operator slashes in the job feed: a mirrored {@code Slashed} event whose reason hash a job
 * slash carries marks it CONFIRMED (a PAYMENT event on the job's feed); a reorg that removes it marks it REVERTED
 * (the outbox sends it again, and the next mirrored event confirms it anew). Other features' slashes are ignored.
 */
@ApplicationScoped
public class JobSlashing implements ChainEventHandler {

    private final TimeSource time;

    JobSlashing(TimeSource time) {
        this.time = time;
    }

    @Override
    public Uni<Void> ingested(Mutiny.Session session, List<ChainEvent> events) {
        return mark(session, events, "CONFIRMED", JobPayment.Finality.CONFIRMED);
    }

    @Override
    public Uni<Void> rolledBack(Mutiny.Session session, List<ChainEvent> events) {
        return mark(session, events, "REVERTED", JobPayment.Finality.REVERTED);
    }

    private Uni<Void> mark(Mutiny.Session session, List<ChainEvent> events, String status,
            JobPayment.Finality finality) {
        Uni<Void> work = Uni.createFrom().voidItem();
        for (ChainEvent event : events) {
            if (event instanceof ChainEvent.Slashed slashed) {
                work = work.chain(() -> mark(session, slashed, status, finality));
            }
        }
        return work;
    }

    private Uni<Void> mark(Mutiny.Session session, ChainEvent.Slashed slashed, String status,
            JobPayment.Finality finality) {
        return session.createNativeQuery("UPDATE job_slash SET status = :status WHERE reason_hash = :hash "
                        + "AND status <> :status RETURNING job_id, operator_id, amount", Object[].class)
                .setParameter("status", status).setParameter("hash", slashed.reasonHash()).getResultList()
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    Object[] row = rows.getFirst();
                    UUID operator = (UUID) row[1];
                    JsonObject data = JobService.payment(JobPayment.Kind.SLASH, Rows.bigInteger(row[2]), operator,
                            finality).put("message", "block " + slashed.at().blockNumber() + ", tx "
                            + slashed.at().txHash());
                    // the event names the slashed operator, so its feed hears of it
                    return JobService.lock(session, (UUID) row[0]).chain(job -> JobFeed.append(session,
                            job.in(job.state(), operator), JobEventKind.PAYMENT, data, time.nowUtc()));
                });
    }
}
