package io.cipherocto.market.chain;

import io.cipherocto.market.core.db.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The {@code chain_event} table: what the mirror stores and what features read. Writes join the mirror's
 * transaction (its session); reads for features go through the pool. Features never query the table
 * themselves.
 */
@ApplicationScoped
public class MirroredEvents {

    /** The columns {@link ChainEvent#fromColumns} reads, in its order. */
    static final String COLUMNS = "chain_id, block_number, log_index, block_hash, tx_hash, name, account, amount, reference, "
            + "unlock_at";

    private static final String INSERT = """
            INSERT INTO chain_event (chain_id, block_number, log_index, block_hash, tx_hash, contract, name, account,
                                     amount, reference, unlock_at)
            VALUES (:chain, :block, :log, :hash, :tx, :contract, :name, :account, :amount, :reference,
                    CAST(:unlock AS timestamptz))
            ON CONFLICT DO NOTHING""";

    private static final String AFTER = "SELECT " + COLUMNS + " FROM chain_event WHERE chain_id = :chain "
            + "AND block_number > :block ORDER BY block_number DESC, log_index DESC";

    private static final String OF_ACCOUNTS = "SELECT " + COLUMNS + " " + """
             FROM chain_event WHERE chain_id = $1 AND account = ANY ($2) AND contract = $3
             ORDER BY block_number, log_index""";

    private final Pool pool;

    MirroredEvents(Pool pool) {
        this.pool = pool;
    }

    /** Stores the events in the session's transaction; returns those not stored before (a replay adds none). */
    Uni<List<ChainEvent>> insertNew(Mutiny.Session session, List<ChainEvent> events) {
        Uni<List<ChainEvent>> work = Uni.createFrom().item(new ArrayList<>());
        for (ChainEvent e : events) {
            work = work.call(fresh -> session.createNativeQuery(INSERT)
                    .setParameter("chain", e.at().chainId()).setParameter("block", e.at().blockNumber())
                    .setParameter("log", e.at().logIndex()).setParameter("hash", e.at().blockHash())
                    .setParameter("tx", e.at().txHash()).setParameter("contract", e.contract())
                    .setParameter("name", e.name()).setParameter("account", e.account())
                    .setParameter("amount", Rows.decimal(e.amount())).setParameter("reference", e.reference())
                    .setParameter("unlock", e.storedUnlockAt())
                    .executeUpdate()
                    .invoke(inserted -> {
                        if (inserted > 0) {
                            fresh.add(e);
                        }
                    }));
        }
        return work;
    }

    /** Removes the events after {@code block} (a reorg) and returns them, newest first. */
    Uni<List<ChainEvent>> removeAfter(Mutiny.Session session, long chainId, long block) {
        return session.createNativeQuery(AFTER, Object[].class)
                .setParameter("chain", chainId).setParameter("block", block).getResultList()
                .map(rows -> rows.stream().map(ChainEvent::fromColumns).toList())
                .call(gone -> session.createNativeQuery("DELETE FROM chain_event WHERE chain_id = :chain "
                                + "AND block_number > :block")
                        .setParameter("chain", chainId).setParameter("block", block).executeUpdate());
    }

    /** Mirrored StakeManager events of these accounts (lower-case), in chain order: one statement for all. */
    /** As {@link #stakeEventsOf(long, List)}, on a command's session (e.g. to check a bond in its transaction). */
    public Uni<List<ChainEvent>> stakeEventsOf(Mutiny.Session session, long chainId, List<String> accounts) {
        return session.createNativeQuery("SELECT " + COLUMNS + " FROM chain_event WHERE chain_id = :chain "
                        + "AND account = ANY (CAST(:accounts AS text[])) AND contract = 'StakeManager' "
                        + "ORDER BY block_number, log_index", Object[].class)
                .setParameter("chain", chainId).setParameter("accounts", accounts.toArray(String[]::new))
                .getResultList().map(rows -> rows.stream().map(ChainEvent::fromColumns).toList());
    }

    public Uni<List<ChainEvent>> stakeEventsOf(long chainId, List<String> accounts) {
        return pool.preparedQuery(OF_ACCOUNTS)
                .execute(Tuple.of(chainId, accounts.toArray(String[]::new), "StakeManager"))
                .map(rows -> {
                    List<ChainEvent> events = new ArrayList<>();
                    for (Row row : rows) {
                        Object[] columns = new Object[row.size()];
                        for (int i = 0; i < columns.length; i++) {
                            columns[i] = row.getValue(i);
                        }
                        events.add(ChainEvent.fromColumns(columns));
                    }
                    return events;
                });
    }

    /** Whether a slash for this reason and account is already mirrored (slashes have no on-chain replay guard). */
    Uni<Boolean> slashSeen(String account, String reasonHash) {
        return pool.preparedQuery("SELECT EXISTS (SELECT 1 FROM chain_event WHERE name = 'Slashed' AND reference = $1 "
                        + "AND account = $2)")
                .execute(Tuple.of(reasonHash, account)).map(rows -> rows.iterator().next().getBoolean(0));
    }
}
