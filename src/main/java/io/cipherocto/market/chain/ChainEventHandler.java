package io.cipherocto.market.chain;

import io.smallrye.mutiny.Uni;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * What a feature derives from mirrored events, written on the mirror's session: it commits or rolls back
 * together with the events and the cursor. Implemented by features (settlement, staking, ...), so the chain
 * layer never imports one.
 */
public interface ChainEventHandler {

    /** Events newly ingested, in chain order. */
    Uni<Void> ingested(Mutiny.Session session, List<ChainEvent> events);

    /** Events removed by a reorg, newest first: undo what was derived from them. */
    Uni<Void> rolledBack(Mutiny.Session session, List<ChainEvent> events);

    /** Once per mirror step, for work that waits on something else (e.g. a deposit waiting for a wallet link). */
    default Uni<Void> step(Mutiny.Session session) {
        return Uni.createFrom().voidItem();
    }
}
