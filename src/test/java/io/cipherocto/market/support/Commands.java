package io.cipherocto.market.support;

import io.cipherocto.market.core.db.Transactions;
import io.quarkus.arc.Arc;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;

/** Runs service calls the way a command does, from a test thread: one transaction on one session. */
public final class Commands {

    private Commands() {
    }

    public static <T> T inTransaction(Function<Mutiny.Session, Uni<T>> work) throws Throwable {
        Transactions transactions = Arc.container().instance(Transactions.class).get();
        return VertxContextSupport.subscribeAndAwait(() -> transactions.run(work));
    }
}
