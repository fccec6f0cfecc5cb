package io.cipherocto.market.staking;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.List;

/**
 * Derives state from mirrored events, inside the mirror's transaction: what a handler writes commits or rolls
 * back together with the events and the cursor.
 */
public interface ChainEventHandler {

    /** Events newly ingested, in chain order. */
    Uni<Void> ingested(SqlConnection conn, List<ChainEvent> events);

    /** Events removed by a reorg, newest first: undo what was derived from them. */
    Uni<Void> rolledBack(SqlConnection conn, List<ChainEvent> events);

    /** Once per mirror step, for work that waits on something else (e.g. a deposit waiting for a wallet link). */
    default Uni<Void> step(SqlConnection conn) {
        return Uni.createFrom().voidItem();
    }
}
