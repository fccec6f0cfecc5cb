package io.cipherocto.market.settlement;

import io.cipherocto.market.chain.Chain;
import io.cipherocto.market.chain.ChainOutbox;
import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.OctoException;
import io.cipherocto.market.core.scalar.EvmAddress;
import io.cipherocto.market.core.audit.Audit;
import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.core.db.Transactions;
import io.cipherocto.market.core.page.Keyset;
import io.cipherocto.market.core.page.Keyset.Direction;
import io.cipherocto.market.core.page.Page;
import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.core.scalar.TokenAmount;
import io.cipherocto.market.identity.ParticipantService;
import io.cipherocto.market.identity.Wallet;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Withdrawals: the withdrawal row, its ledger debit and its queued payout commit in one transaction, so a request
 * is either fully queued or not at all; the outbox then gets it mined, even across restarts and node outages, and
 * the mirrored Payout marks it paid ({@link ChainSettlement}).
 */
@ApplicationScoped
public class WithdrawalService {

    static final String COLUMNS = "id, wallet, amount, fee, payout_reference, status, created_at, updated_at";
    private static final String PAGE = "SELECT " + COLUMNS + " FROM withdrawal WHERE participant_id = $1 AND "
            + Keyset.SLOT;
    private static final Keyset<Withdrawal> NEWEST_FIRST = Keyset.<Withdrawal>orderBy()
            .timestamp("created_at", Direction.DESC, Withdrawal::createdAt)
            .thenId("id", Direction.DESC, Withdrawal::id);
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM withdrawal WHERE id = $1";

    /** Advisory lock key of a participant's withdrawals ("octo" + "wdrw" in ASCII), mixed with the id. */
    private static final long LOCK_BASE = 0x6f63746f77647277L;

    private final Pool pool;
    private final Transactions transactions;
    private final WithdrawalConfig config;
    private final LedgerService ledger;
    private final ChainOutbox outbox;
    private final ParticipantService participants;
    private final Chain chain;

    WithdrawalService(Pool pool, Transactions transactions, WithdrawalConfig config, LedgerService ledger,
            ChainOutbox outbox, ParticipantService participants, Chain chain) {
        this.pool = pool;
        this.transactions = transactions;
        this.config = config;
        this.ledger = ledger;
        this.outbox = outbox;
        this.participants = participants;
        this.chain = chain;
    }

    /** What withdrawing {@code amount} would cost; no state is read or written. */
    public WithdrawalQuote quote(TokenAmount amount) {
        BigInteger fee = config.fee();
        return new WithdrawalQuote(amount, TokenAmount.of(fee), TokenAmount.of(amount.value().add(fee)),
                TokenAmount.of(config.minimum()), amount.value().compareTo(config.minimum()) < 0, config.maxQueued());
    }

    /** Withdraws to {@code wallet}, or to the most recently linked wallet when none is named. */
    public Uni<Withdrawal> request(UUID participantId, TokenAmount amount, EvmAddress wallet) {
        if (amount.value().compareTo(config.minimum()) < 0) {
            throw OctoException.validation("amount", "below the minimum withdrawal of " + config.minimum()
                    + " base units (see withdrawalQuote)");
        }
        String named = wallet == null ? null : wallet.value();
        if (!chain.enabled()) {
            throw new OctoException(ErrorCode.UNAVAILABLE, "no chain is configured on this server",
                    Map.of("dependency", "chain"));
        }
        return participants.walletsOf(List.of(participantId)).map(List::getFirst)
                .chain(wallets -> transactions.run(session -> queue(session, participantId, amount,
                        chooseWallet(wallets, named))))
                .chain(this::byId);
    }

    /**
     * The command's body, on the caller's session: the withdrawal row, the ledger's debit into escrow and the queued
     * payout, all or nothing.
     */
    Uni<UUID> queue(Mutiny.Session session, UUID participantId, TokenAmount amount, String wallet) {
        // One participant's requests take turns, so the queued count below cannot be raced past the limit.
        return session.createNativeQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(:key)) l", Long.class)
                .setParameter("key", LOCK_BASE ^ participantId.getMostSignificantBits()
                        ^ participantId.getLeastSignificantBits()).getSingleResult()
                .chain(() -> session.createNativeQuery("SELECT count(*) FROM withdrawal WHERE participant_id = :p "
                        + "AND status = 'QUEUED'", Long.class).setParameter("p", participantId).getSingleResult())
                .chain(queued -> {
                    if (queued >= config.maxQueued()) {
                        throw WithdrawalRefused.tooManyQueued(config.maxQueued());
                    }
                    return insert(session, participantId, amount, wallet);
                });
    }

    private Uni<UUID> insert(Mutiny.Session session, UUID participantId, TokenAmount amount, String wallet) {
        var withdrawal = new WithdrawalEntity();
        withdrawal.id = UUID.randomUUID();
        withdrawal.participantId = participantId;
        withdrawal.wallet = wallet;
        withdrawal.amount = amount.value();
        withdrawal.fee = config.fee();
        withdrawal.payoutReference = ChainOutbox.referenceOf(withdrawal.id);
        withdrawal.status = WithdrawalEntity.Status.QUEUED;
        withdrawal.createdAt = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        withdrawal.updatedAt = withdrawal.createdAt;
        return session.persist(withdrawal)
                .chain(() -> ledger.post(session, Posting.withdrawalRequested(participantId, amount.value(),
                        withdrawal.fee, "withdrawal:" + withdrawal.id)))
                .chain(() -> outbox.enqueue(session, ChainOutbox.Kind.PAYOUT, withdrawal.id, wallet, amount.value(),
                        withdrawal.payoutReference))
                .invoke(() -> Transactions.afterCommit(session, () -> Audit.record("withdrawal.requested", Map.of(
                        "withdrawal", withdrawal.id, "participant", participantId, "wallet", wallet,
                        "amount", withdrawal.amount, "fee", withdrawal.fee))))
                .replaceWith(withdrawal.id);
    }

    public Uni<Withdrawal> byId(UUID id) {
        return pool.preparedQuery(BY_ID).execute(Tuple.of(id))
                .map(rows -> Rows.list(rows, Withdrawal::of))
                .chain(this::withProgress).map(List::getFirst);
    }

    /** The participant's withdrawals, newest first: one statement for the page, one for the payouts' progress. */
    public Uni<Page<Withdrawal>> page(UUID participantId, PageRequest page) {
        return NEWEST_FIRST.fetch(pool, PAGE, page, Tuple.of(participantId), Withdrawal::of)
                .chain(fetched -> withProgress(fetched.nodes())
                        .map(nodes -> new Page<>(nodes, fetched.hasNextPage(), fetched.cursorOf())));
    }

    private Uni<List<Withdrawal>> withProgress(List<Withdrawal> withdrawals) {
        if (withdrawals.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return outbox.progressOf(withdrawals.stream().map(Withdrawal::id).toList())
                .map(progress -> withdrawals.stream().map(w -> w.with(progress.get(w.id()))).toList());
    }

    private static String chooseWallet(List<Wallet> wallets, String named) {
        if (wallets.isEmpty()) {
            throw OctoException.validation("wallet", "link a wallet first (walletChallenge, linkWallet)");
        }
        if (named == null) {
            return wallets.getLast().address().value();
        }
        return wallets.stream().map(w -> w.address().value()).filter(named::equals).findFirst()
                .orElseThrow(() -> OctoException.validation("wallet", "not one of your linked wallets"));
    }
}
