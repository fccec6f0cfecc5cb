package io.cipherocto.market.core.db;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Where every command's transaction is opened: one transaction on one session. Code inside it may register
 * {@link #afterCommit} actions (audit lines, metrics) that run only once the transaction has committed, so nothing
 * reports a change that rolled back.
 */
@ApplicationScoped
public class Transactions {

    private static final Logger LOG = Logger.getLogger(Transactions.class);
    private static final Map<Mutiny.Session, List<Runnable>> PENDING = new ConcurrentHashMap<>();

    private final Mutiny.SessionFactory sessions;

    Transactions(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Runs {@code work} in one transaction, then the after-commit actions it registered. */
    public <T> Uni<T> run(Function<Mutiny.Session, Uni<T>> work) {
        // Hibernate Reactive hands a nested withTransaction the session already open: only the call that opened
        // the list publishes it, after the outermost transaction has committed.
        Mutiny.Session[] owned = new Mutiny.Session[1];
        return sessions.withTransaction(session -> {
                    if (PENDING.putIfAbsent(session, new ArrayList<>()) == null) {
                        owned[0] = session;
                    }
                    return work.apply(session);
                })
                .onItemOrFailure().invoke((item, failure) -> {
                    List<Runnable> actions = owned[0] == null ? null : PENDING.remove(owned[0]);
                    if (failure == null && actions != null) {
                        actions.forEach(Transactions::runQuietly);
                    }
                });
    }

    /**
     * As {@link #run}, from a thread that may block (a worker, not a Vert.x thread), waiting at most {@code wait}.
     * Hibernate Reactive needs its own (duplicated) Vert.x context, which this gives it.
     */
    public <T> T runAndWait(Function<Mutiny.Session, Uni<T>> work, Duration wait) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> run(work).ifNoItem().after(wait).fail());
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code action} after the session's transaction commits (never if it rolls back). Outside a transaction
     * opened by {@link #run} it runs at once.
     */
    public static void afterCommit(Mutiny.Session session, Runnable action) {
        List<Runnable> actions = PENDING.get(session);
        if (actions == null) {
            runQuietly(action);
        } else {
            actions.add(action);
        }
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "after-commit action failed (the transaction itself committed)");
        }
    }
}
