package io.cipherocto.market.settlement;

import io.cipherocto.market.identity.IdentityService;
import io.cipherocto.market.staking.ChainEvent;
import io.cipherocto.market.staking.ChainEventHandler;
import io.cipherocto.market.staking.ChainOutbox;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What chain events mean for the ledger: a {@code Deposited} credits the wallet's participant (or waits until
 * the wallet is linked); a {@code Payout} settles the withdrawal it pays. Reorgs undo both.
 */
@ApplicationScoped
public class ChainSettlement implements ChainEventHandler {

    private static final Logger LOG = Logger.getLogger(ChainSettlement.class);
    private static final String HELD_ACCOUNTS = "SELECT DISTINCT account FROM held_deposit";
    private static final String HELD_DEPOSITS = """
            SELECT e.* FROM held_deposit h JOIN chain_event e USING (chain_id, block_number, log_index)
             WHERE h.account = ANY ($1) ORDER BY e.block_number, e.log_index""";

    private final LedgerService ledger;
    private final IdentityService identity;
    private final ChainOutbox outbox;

    ChainSettlement(LedgerService ledger, IdentityService identity, ChainOutbox outbox) {
        this.ledger = ledger;
        this.identity = identity;
        this.outbox = outbox;
    }

    @Override
    public Uni<Void> ingested(SqlConnection conn, List<ChainEvent> events) {
        List<ChainEvent> deposits = events.stream().filter(e -> e.name().equals("Deposited")).toList();
        Uni<Void> work = credit(conn, deposits);
        for (ChainEvent payout : events.stream().filter(e -> e.name().equals("Payout")).toList()) {
            work = work.chain(() -> outbox.confirmed(conn, payout.ref())).chain(closed -> closed
                    .map(item -> ledger.post(conn, Posting.withdrawalPaid(item.participantId(), item.amount(),
                            paidRef(payout))).replaceWithVoid())
                    .orElse(Uni.createFrom().voidItem()));
        }
        return work;
    }

    /** Deposits from wallets linked since they arrived. */
    @Override
    public Uni<Void> step(SqlConnection conn) {
        return conn.preparedQuery(HELD_ACCOUNTS).execute()
                .map(rows -> {
                    List<String> accounts = new ArrayList<>();
                    rows.forEach(row -> accounts.add(row.getString(0)));
                    return accounts;
                })
                .chain(accounts -> accounts.isEmpty() ? Uni.createFrom().item(List.<String>of())
                        : identity.ownersOf(accounts).map(owners -> List.copyOf(owners.keySet())))
                .chain(linked -> linked.isEmpty() ? Uni.createFrom().item(List.<ChainEvent>of())
                        : conn.preparedQuery(HELD_DEPOSITS).execute(Tuple.of(linked.toArray(String[]::new)))
                                .map(rows -> {
                                    List<ChainEvent> held = new ArrayList<>();
                                    rows.forEach(row -> held.add(ChainEvent.of(row)));
                                    return held;
                                }))
                .chain(held -> credit(conn, held));
    }

    @Override
    public Uni<Void> rolledBack(SqlConnection conn, List<ChainEvent> events) {
        Uni<Void> work = Uni.createFrom().voidItem();
        for (ChainEvent e : events) {
            if (e.name().equals("Deposited")) {
                work = work.chain(() -> conn.preparedQuery("""
                                DELETE FROM deposit_credit WHERE chain_id = $1 AND block_number = $2 AND log_index = $3
                                RETURNING participant_id""")
                        .execute(Tuple.of(e.chainId(), e.blockNumber(), e.logIndex()))
                        .chain(rows -> rows.size() == 0 ? Uni.createFrom().voidItem()
                                : ledger.post(conn, Posting.depositReversed(rows.iterator().next().getUUID(0),
                                        e.amount(), depositRef(e))).replaceWithVoid()));
            } else if (e.name().equals("Payout")) {
                work = work.chain(() -> outbox.unconfirmed(conn, e.ref())).chain(reopened -> reopened
                        .map(item -> ledger.post(conn, Posting.withdrawalPaidReversed(item.participantId(),
                                item.amount(), paidRef(e), e.blockHash())).replaceWithVoid())
                        .orElse(Uni.createFrom().voidItem()));
            }
        }
        return work.onFailure().invoke(f -> LOG.errorf(
                "reorg rollback could not undo the ledger (a deposit already spent?): %s", f.getMessage()));
    }

    /** Credits each deposit whose wallet is linked; the others are (or stay) held. */
    private Uni<Void> credit(SqlConnection conn, List<ChainEvent> deposits) {
        if (deposits.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return identity.ownersOf(deposits.stream().map(ChainEvent::account).distinct().toList()).chain(owners -> {
            Uni<Void> work = Uni.createFrom().voidItem();
            for (ChainEvent d : deposits) {
                UUID owner = owners.get(d.account());
                Tuple key = Tuple.of(d.chainId(), d.blockNumber(), d.logIndex());
                work = work.chain(() -> owner == null
                        ? conn.preparedQuery("""
                                        INSERT INTO held_deposit (chain_id, block_number, log_index, account)
                                        VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING""")
                                .execute(Tuple.of(d.chainId(), d.blockNumber(), d.logIndex(), d.account()))
                                .replaceWithVoid()
                        : ledger.post(conn, Posting.deposit(owner, d.amount(), depositRef(d)))
                                .chain(tx -> conn.preparedQuery("""
                                                INSERT INTO deposit_credit (chain_id, block_number, log_index, participant_id, ledger_tx)
                                                VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING""")
                                        .execute(Tuple.of(d.chainId(), d.blockNumber(), d.logIndex(), owner, tx)))
                                .chain(() -> conn.preparedQuery("DELETE FROM held_deposit WHERE chain_id = $1 "
                                        + "AND block_number = $2 AND log_index = $3").execute(key))
                                .replaceWithVoid());
            }
            return work;
        });
    }

    /** Includes the block hash: the same log position in another fork is another deposit. */
    private static String depositRef(ChainEvent e) {
        return "deposit:" + e.chainId() + ":" + e.blockHash() + ":" + e.logIndex();
    }

    private static String paidRef(ChainEvent e) {
        return "payout:" + e.ref() + ":" + e.blockHash();
    }

}
