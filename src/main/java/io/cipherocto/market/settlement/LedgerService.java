package io.cipherocto.market.settlement;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.OctoException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.data.Numeric;
import jakarta.enterprise.context.ApplicationScoped;
import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.core.page.Keyset;
import io.cipherocto.market.core.page.Keyset.Direction;
import io.cipherocto.market.core.page.Page;
import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.core.scalar.TokenAmount;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * Posts balanced transactions to the double-entry ledger. The database enforces the invariants (zero sum,
 * no negative participant balance, append-only); this service maps their violations to error codes.
 */
@ApplicationScoped
public class LedgerService {

    private static final String INSERT_TRANSACTION = """
            INSERT INTO ledger_transaction (id, kind, ref) VALUES ($1, $2, $3)
            ON CONFLICT (ref) DO NOTHING RETURNING id""";
    private static final String EXISTING_TRANSACTION = "SELECT id FROM ledger_transaction WHERE ref = $1";
    private static final String ENSURE_ACCOUNTS = """
            INSERT INTO ledger_account (participant_id, kind)
            SELECT DISTINCT p, k FROM unnest($1::uuid[], $2::text[]) AS v (p, k) WHERE p IS NOT NULL
            ON CONFLICT (participant_id, kind) DO NOTHING""";
    // WITH ORDINALITY keeps the legs in the posting's order (credits first).
    private static final String INSERT_ENTRIES = """
            INSERT INTO ledger_entry (transaction_id, account_id, amount)
            SELECT $1, a.id, v.amount
              FROM unnest($2::uuid[], $3::text[], $4::numeric[]) WITH ORDINALITY AS v (p, k, amount, n)
              JOIN ledger_account a ON a.kind = v.k AND a.participant_id IS NOT DISTINCT FROM v.p
             ORDER BY v.n""";
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

    private final Pool pool;

    LedgerService(Pool pool) {
        this.pool = pool;
    }

    /** Posts in a transaction of its own. */
    public Uni<UUID> post(Posting posting) {
        return pool.withTransaction(conn -> post(conn, posting));
    }

    /**
     * Posts inside the caller's transaction. Idempotent by {@link Posting#ref()}: a second posting with the
     * same ref changes nothing and returns the first transaction's id.
     */
    public Uni<UUID> post(SqlConnection conn, Posting posting) {
        UUID id = UUID.randomUUID();
        return conn.preparedQuery(INSERT_TRANSACTION).execute(Tuple.of(id, posting.kind(), posting.ref()))
                .flatMap(inserted -> inserted.rowCount() == 0
                        ? conn.preparedQuery(EXISTING_TRANSACTION).execute(Tuple.of(posting.ref()))
                                .map(rows -> rows.iterator().next().getUUID("id"))
                        : insertEntries(conn, id, posting).replaceWith(id))
                .onFailure(LedgerService::overdrawn).transform(e -> new OctoException(ErrorCode.INSUFFICIENT_FUNDS,
                        "insufficient funds for " + posting.kind().toLowerCase().replace('_', ' '),
                        Map.of("reason", posting.kind())));
    }

    private static Uni<Void> insertEntries(SqlConnection conn, UUID id, Posting posting) {
        UUID[] owners = posting.legs().stream().map(Posting.Leg::participantId).toArray(UUID[]::new);
        String[] kinds = posting.legs().stream().map(l -> l.account().name()).toArray(String[]::new);
        Numeric[] amounts = posting.legs().stream().map(l -> Numeric.create(l.amount())).toArray(Numeric[]::new);
        return conn.preparedQuery(ENSURE_ACCOUNTS).execute(Tuple.of(owners, kinds))
                .flatMap(ignored -> conn.preparedQuery(INSERT_ENTRIES).execute(Tuple.of(id, owners, kinds, amounts)))
                .map(rows -> {
                    if (rows.rowCount() != posting.legs().size()) {
                        throw new IllegalStateException("ledger accounts missing for " + posting);
                    }
                    return null;
                });
    }

    private static boolean overdrawn(Throwable t) {
        return t instanceof PgException pg && "ledger_account_non_negative".equals(pg.getConstraint());
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
                TokenAmount.of(amount.abs()), row.getString("transaction_kind"), row.getUUID("transaction_id"),
                row.getOffsetDateTime("created_at"));
    }
}
