package io.cipherocto.market.settlement;

import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.chain.ChainEvent;
import io.cipherocto.market.chain.ChainEventHandler;
import io.cipherocto.market.core.audit.Audit;
import io.cipherocto.market.core.db.Transactions;
import io.cipherocto.market.identity.ParticipantService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * What chain events mean for settlement, written on the mirror's session: a {@code Deposited} credits the wallet's
 * participant (or is held until the wallet is linked); a {@code Payout} marks its withdrawal paid and settles the
 * escrow. A reorg undoes both.
 */
@ApplicationScoped
public class ChainSettlement implements ChainEventHandler {

    private static final Logger LOG = Logger.getLogger(ChainSettlement.class);
    private static final String HOLD = """
            INSERT INTO held_deposit (chain_id, block_number, log_index, account, amount, block_hash)
            VALUES (:chain, :block, :log, :account, :amount, :hash) ON CONFLICT DO NOTHING""";
    private static final String HELD = """
            SELECT chain_id, block_number, log_index, account, amount, block_hash FROM held_deposit
             WHERE account = ANY (CAST(:accounts AS text[])) ORDER BY block_number, log_index""";
    private static final String RECORD_CREDIT = """
            INSERT INTO deposit_credit (chain_id, block_number, log_index, participant_id, ledger_tx)
            VALUES (:chain, :block, :log, :participant, :tx) ON CONFLICT DO NOTHING""";
    private static final String WHERE_POSITION = " WHERE chain_id = :chain AND block_number = :block AND log_index = :log";

    private final LedgerService ledger;
    private final ParticipantService participants;

    ChainSettlement(LedgerService ledger, ParticipantService participants) {
        this.ledger = ledger;
        this.participants = participants;
    }

    @Override
    public Uni<Void> ingested(Mutiny.Session session, List<ChainEvent> events) {
        List<ChainEvent.Deposited> deposits = events.stream()
                .filter(ChainEvent.Deposited.class::isInstance).map(ChainEvent.Deposited.class::cast).toList();
        Uni<Void> work = credit(session, deposits);
        for (ChainEvent event : events) {
            if (event instanceof ChainEvent.Payout payout) {
                work = work.call(() -> paid(session, payout));
            }
        }
        return work;
    }

    /** Deposits from wallets linked since they arrived. */
    @Override
    public Uni<Void> step(Mutiny.Session session) {
        return session.createNativeQuery("SELECT DISTINCT account FROM held_deposit", String.class).getResultList()
                .chain(accounts -> accounts.isEmpty() ? Uni.createFrom().item(List.<String>of())
                        : participants.ownersOf(session, accounts).map(owners -> List.copyOf(owners.keySet())))
                .chain(linked -> linked.isEmpty() ? Uni.createFrom().item(List.<ChainEvent.Deposited>of())
                        : session.createNativeQuery(HELD, Object[].class)
                                .setParameter("accounts", linked.toArray(String[]::new)).getResultList()
                                .map(rows -> rows.stream().map(ChainSettlement::heldDeposit).toList()))
                .chain(held -> credit(session, held));
    }

    @Override
    public Uni<Void> rolledBack(Mutiny.Session session, List<ChainEvent> events) {
        Uni<Void> work = Uni.createFrom().voidItem();
        for (ChainEvent event : events) {
            switch (event) {
                case ChainEvent.Deposited d -> work = work.call(() -> uncredit(session, d));
                case ChainEvent.Payout p -> work = work.call(() -> unpaid(session, p));
                default -> {
                    // stakes are folded from the mirrored events: nothing derived here to undo
                }
            }
        }
        return work.onFailure().invoke(f -> LOG.errorf(
                "reorg rollback could not undo the ledger (a deposit already spent?): %s", f.getMessage()));
    }

    /** Credits each deposit whose wallet is linked; the others are (or stay) held. */
    private Uni<Void> credit(Mutiny.Session session, List<ChainEvent.Deposited> deposits) {
        if (deposits.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return participants.ownersOf(session, deposits.stream().map(ChainEvent::account).distinct().toList()).chain(owners -> {
            Uni<Void> work = Uni.createFrom().voidItem();
            for (ChainEvent.Deposited d : deposits) {
                UUID owner = owners.get(d.account());
                work = work.call(() -> owner == null ? hold(session, d)
                        : ledger.post(session, Posting.deposit(owner, d.amount(), depositRef(d)))
                                .call(tx -> at(session.createNativeQuery(RECORD_CREDIT), d)
                                        .setParameter("participant", owner).setParameter("tx", tx).executeUpdate())
                                .call(() -> at(session.createNativeQuery("DELETE FROM held_deposit" + WHERE_POSITION),
                                        d).executeUpdate()));
            }
            return work;
        });
    }

    private Uni<Integer> hold(Mutiny.Session session, ChainEvent.Deposited d) {
        Transactions.afterCommit(session, () -> Audit.record("deposit.held", Map.of("wallet", d.account(),
                "amount", d.amount(), "block", d.at().blockNumber(), "log", d.at().logIndex())));
        return at(session.createNativeQuery(HOLD), d).setParameter("account", d.account())
                .setParameter("amount", Rows.decimal(d.amount())).setParameter("hash", d.at().blockHash())
                .executeUpdate();
    }

    private Uni<Void> uncredit(Mutiny.Session session, ChainEvent.Deposited d) {
        return at(session.createNativeQuery("DELETE FROM held_deposit" + WHERE_POSITION), d).executeUpdate()
                .chain(() -> at(session.createNativeQuery("SELECT participant_id FROM deposit_credit" + WHERE_POSITION,
                        UUID.class), d).getResultList())
                .chain(credited -> credited.isEmpty() ? Uni.createFrom().voidItem()
                        : at(session.createNativeQuery("DELETE FROM deposit_credit" + WHERE_POSITION), d)
                                .executeUpdate()
                                .chain(() -> ledger.post(session, Posting.depositReversed(credited.getFirst(),
                                        d.amount(), depositRef(d))))
                                .replaceWithVoid());
    }

    /** The Payout answers a withdrawal: it is paid, and its escrow leaves through the vault. */
    private Uni<Void> paid(Mutiny.Session session, ChainEvent.Payout payout) {
        return queued(session, payout, WithdrawalEntity.Status.QUEUED).chain(w -> {
            if (w == null) {
                return Uni.createFrom().voidItem();
            }
            w.paid(now());
            Transactions.afterCommit(session, () -> Audit.record("withdrawal.paid", Map.of("withdrawal", w.id,
                    "participant", w.participantId, "amount", w.amount, "block", payout.at().blockNumber())));
            return ledger.post(session, Posting.withdrawalPaid(w.participantId, w.amount, paidRef(payout)))
                    .replaceWithVoid();
        });
    }

    private Uni<Void> unpaid(Mutiny.Session session, ChainEvent.Payout payout) {
        return queued(session, payout, WithdrawalEntity.Status.PAID).chain(w -> {
            if (w == null) {
                return Uni.createFrom().voidItem();
            }
            w.unpaid(now());
            Transactions.afterCommit(session, () -> Audit.record("withdrawal.unpaid", Map.of("withdrawal", w.id,
                    "participant", w.participantId, "reason", "reorg", "block", payout.at().blockNumber())));
            return ledger.post(session, Posting.withdrawalPaidReversed(w.participantId, w.amount, paidRef(payout),
                    payout.at().blockHash())).replaceWithVoid();
        });
    }

    private static Uni<WithdrawalEntity> queued(Mutiny.Session session, ChainEvent.Payout payout,
            WithdrawalEntity.Status status) {
        return session.createSelectionQuery("from WithdrawalEntity where payoutReference = :reference "
                        + "and status = :status", WithdrawalEntity.class)
                .setParameter("reference", payout.reference()).setParameter("status", status)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getSingleResultOrNull();
    }

    private static <Q extends Mutiny.AbstractQuery> Q at(Q query, ChainEvent event) {
        query.setParameter("chain", event.at().chainId());
        query.setParameter("block", event.at().blockNumber());
        query.setParameter("log", event.at().logIndex());
        return query;
    }

    private static ChainEvent.Deposited heldDeposit(Object[] r) {
        return new ChainEvent.Deposited(new ChainEvent.Position(((Number) r[0]).longValue(),
                ((Number) r[1]).longValue(), ((Number) r[2]).intValue(), (String) r[5], null),
                (String) r[3], Rows.bigInteger(r[4]));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    /** Includes the block hash: the same log position in another fork is another deposit. */
    private static String depositRef(ChainEvent.Deposited e) {
        return "deposit:" + e.at().chainId() + ":" + e.at().blockHash() + ":" + e.at().logIndex();
    }

    private static String paidRef(ChainEvent.Payout e) {
        return "payout:" + e.reference() + ":" + e.at().blockHash();
    }
}
