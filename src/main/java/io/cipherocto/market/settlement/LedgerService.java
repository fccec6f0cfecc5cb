package io.cipherocto.market.settlement;

import io.cipherocto.market.core.audit.Audit;
import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.core.db.Transactions;
import io.micrometer.core.instrument.MeterRegistry;
import io.cipherocto.market.core.page.Keyset;
import io.cipherocto.market.core.page.Keyset.Direction;
import io.cipherocto.market.core.page.Page;
import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.core.scalar.TokenAmount;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Posts balanced transactions to the double-entry ledger, always on the caller's session so that a posting
 * commits or rolls back with the command that made it. The database enforces the invariants (zero sum, no negative
 * participant balance, append-only); this service maps an overdraft to {@link InsufficientFunds}.
 */
@ApplicationScoped
public class LedgerService {

    private static final String INSERT_TRANSACTION = """
            INSERT INTO ledger_transaction (id, kind, ref) VALUES (:id, :kind, :ref) ON CONFLICT (ref) DO NOTHING""";
    private static final String EXISTING_TRANSACTION = "SELECT id FROM ledger_transaction WHERE ref = :ref";
    private static final String ENSURE_ACCOUNTS = """
            INSERT INTO ledger_account (participant_id, kind)
            SELECT DISTINCT p, k FROM unnest(CAST(:owners AS uuid[]), CAST(:kinds AS text[])) AS v (p, k)
             WHERE p IS NOT NULL
            ON CONFLICT (participant_id, kind) DO NOTHING""";
    // WITH ORDINALITY keeps the legs in the posting's order (credits first).
    private static final String INSERT_ENTRIES = """
            INSERT INTO ledger_entry (transaction_id, account_id, amount)
            SELECT :tx, a.id, v.amount
              FROM unnest(CAST(:owners AS uuid[]), CAST(:kinds AS text[]), CAST(:amounts AS numeric[]))
                   WITH ORDINALITY AS v (p, k, amount, n)
              JOIN ledger_account a ON a.kind = v.k AND a.participant_id IS NOT DISTINCT FROM v.p
             ORDER BY v.n""";
    private static final String LOCK_DEBITED = """
            SELECT participant_id, kind, balance FROM ledger_account
             WHERE (participant_id, kind) IN (SELECT * FROM unnest(CAST(:owners AS uuid[]), CAST(:kinds AS text[])))
             ORDER BY id FOR UPDATE""";
    private static final String BALANCES = "SELECT kind, balance FROM ledger_account WHERE participant_id = $1";
    private static final String HISTORY = """
            SELECT e.id, e.amount, e.created_at, a.kind AS account, t.kind AS transaction_kind, t.id AS transaction_id
              FROM ledger_entry e
              JOIN ledger_account a ON a.id = e.account_id
              JOIN ledger_transaction t ON t.id = e.transaction_id
             WHERE a.participant_id = $1 AND {keyset}""";
    private static final Keyset<LedgerEntry> NEWEST_FIRST = Keyset.<LedgerEntry>orderBy()
            .timestamp("e.created_at", Direction.DESC, LedgerEntry::createdAt)
            .thenId("e.id", Direction.DESC, LedgerEntry::id);

    /** One participant account. */
    private record Account(UUID participantId, AccountKind kind) {
    }

    private final Pool pool;

    private final MeterRegistry metrics;

    LedgerService(Pool pool, MeterRegistry metrics) {
        this.pool = pool;
        this.metrics = metrics;
    }

    /**
     * Posts inside the caller's transaction. Idempotent by {@link Posting#ref()}: a second posting with the
     * same ref changes nothing and returns the first transaction's id. Fails with {@link InsufficientFunds}, having
     * written nothing, when a debit would take a participant account below zero.
     */
    public Uni<UUID> post(Mutiny.Session session, Posting posting) {
        UUID id = UUID.randomUUID();
        return session.createNativeQuery(INSERT_TRANSACTION)
                .setParameter("id", id).setParameter("kind", posting.kind().name()).setParameter("ref", posting.ref())
                .executeUpdate()
                .flatMap(inserted -> inserted == 0
                        ? session.createNativeQuery(EXISTING_TRANSACTION, UUID.class)
                                .setParameter("ref", posting.ref()).getSingleResult()
                        : requireCover(session, posting).chain(() -> insertEntries(session, id, posting))
                                .invoke(() -> Transactions.afterCommit(session, () -> posted(id, posting)))
                                .replaceWith(id));
    }

    /** After commit: the audit line and the metrics of one money movement. */
    private void posted(UUID transactionId, Posting posting) {
        Audit.record("ledger.posted", Map.of("transaction", transactionId, "kind", posting.kind(),
                "ref", posting.ref(), "legs", posting.legs().stream()
                        .map(l -> (l.participantId() == null ? "platform" : l.participantId()) + "/" + l.account()
                                + ":" + l.amount()).toList()));
        metrics.counter("octo_ledger_postings", "kind", posting.kind().name()).increment();
        // Whole tokens as a double: for dashboards only (approximate by design); exact amounts are in the ledger.
        BigInteger volume = posting.legs().stream().map(Posting.Leg::amount).filter(a -> a.signum() > 0)
                .reduce(BigInteger.ZERO, BigInteger::add);
        metrics.counter("octo_ledger_volume_tokens_approx", "kind", posting.kind().name())
                .increment(new BigDecimal(volume).movePointLeft(18).doubleValue());
    }

    /**
     * Locks the participant accounts the posting debits (in id order, so concurrent postings cannot deadlock) and
     * refuses the posting if one would go below zero, naming the account, what it needs and what it holds. The
     * database's CHECK stays the last word; this only makes the refusal exact and tellable.
     */
    private static Uni<Void> requireCover(Mutiny.Session session, Posting posting) {
        Map<Account, BigInteger> net = new java.util.LinkedHashMap<>();
        for (Posting.Leg leg : posting.legs()) {
            if (leg.participantId() != null) {
                net.merge(new Account(leg.participantId(), leg.account()), leg.amount(), BigInteger::add);
            }
        }
        List<Account> debited = net.entrySet().stream().filter(e -> e.getValue().signum() < 0)
                .map(Map.Entry::getKey).toList();
        if (debited.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery(LOCK_DEBITED, Object[].class)
                .setParameter("owners", debited.stream().map(Account::participantId).toArray(UUID[]::new))
                .setParameter("kinds", debited.stream().map(a -> a.kind().name()).toArray(String[]::new))
                .getResultList()
                .invoke(rows -> {
                    Map<Account, BigInteger> balances = new HashMap<>();
                    for (Object[] r : rows) {
                        balances.put(new Account((UUID) r[0], AccountKind.valueOf((String) r[1])),
                                Rows.bigInteger(r[2]));
                    }
                    for (Account account : debited) {
                        BigInteger held = balances.getOrDefault(account, BigInteger.ZERO);
                        BigInteger needed = net.get(account).negate();
                        if (held.compareTo(needed) < 0) {
                            throw new InsufficientFunds(account.kind(), needed, held);
                        }
                    }
                })
                .replaceWithVoid();
    }

    private static Uni<Void> insertEntries(Mutiny.Session session, UUID id, Posting posting) {
        UUID[] owners = posting.legs().stream().map(Posting.Leg::participantId).toArray(UUID[]::new);
        String[] kinds = posting.legs().stream().map(l -> l.account().name()).toArray(String[]::new);
        BigDecimal[] amounts = posting.legs().stream().map(l -> Rows.decimal(l.amount())).toArray(BigDecimal[]::new);
        return session.createNativeQuery(ENSURE_ACCOUNTS)
                .setParameter("owners", owners).setParameter("kinds", kinds).executeUpdate()
                .flatMap(ignored -> session.createNativeQuery(INSERT_ENTRIES)
                        .setParameter("tx", id).setParameter("owners", owners).setParameter("kinds", kinds)
                        .setParameter("amounts", amounts).executeUpdate())
                .map(inserted -> {
                    if (inserted != posting.legs().size()) {
                        throw new IllegalStateException("ledger accounts missing for " + posting);
                    }
                    return null;
                });
    }

    /** The participant's balance per account kind (zero where no account exists yet). */
    public Uni<Map<AccountKind, BigInteger>> balancesOf(UUID participantId) {
        return pool.preparedQuery(BALANCES).execute(Tuple.of(participantId)).map(rows -> {
            Map<AccountKind, BigInteger> balances = new EnumMap<>(AccountKind.class);
            Arrays.stream(AccountKind.values()).filter(k -> !k.isSystem()).forEach(k -> balances.put(k, BigInteger.ZERO));
            for (Row row : rows) {
                balances.put(AccountKind.valueOf(row.getString("kind")), Rows.bigInteger(row, "balance"));
            }
            return balances;
        });
    }

    /** The participant's entries, newest first, one keyset page. */
    public Uni<Page<LedgerEntry>> history(UUID participantId, PageRequest page) {
        return NEWEST_FIRST.fetch(pool, HISTORY, page, Tuple.of(participantId), LedgerService::toEntry);
    }

    private static LedgerEntry toEntry(Row row) {
        BigInteger amount = Rows.bigInteger(row, "amount");
        return new LedgerEntry(row.getUUID("id"), AccountKind.valueOf(row.getString("account")),
                amount.signum() > 0 ? LedgerEntry.Direction.CREDIT : LedgerEntry.Direction.DEBIT,
                TokenAmount.of(amount.abs()), TransactionKind.valueOf(row.getString("transaction_kind")), row.getUUID("transaction_id"),
                row.getOffsetDateTime("created_at"));
    }
}
