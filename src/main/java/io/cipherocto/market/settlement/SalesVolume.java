package io.cipherocto.market.settlement;

import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.partner.TransactionVolume;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Marketplace sales volume from the ledger, for the partner KPIs. A sale is a ledger transaction of a kind in
 * {@link TransactionKind#SALES}; its volume is what the buyer paid, i.e. the sum of its credit legs (the seller's
 * share plus the platform's fee). Deposits, withdrawals, escrows, bonds and refunds move money but sell nothing.
 * The window is on the ledger transaction's {@code created_at} (the database clock at posting).
 */
@ApplicationScoped
public class SalesVolume implements TransactionVolume {

    private static final String VOLUME = """
            SELECT COALESCE(sum(s.volume), 0) AS total,
                   COALESCE(sum(s.volume) FILTER (WHERE s.partner), 0) AS partner
              FROM (SELECT sum(e.amount) FILTER (WHERE e.amount > 0) AS volume,
                           COALESCE(bool_or(p.partner_id = ANY ($3)), false) AS partner
                      FROM ledger_transaction t
                      JOIN ledger_entry e ON e.transaction_id = t.id
                      JOIN ledger_account a ON a.id = e.account_id
                      LEFT JOIN participant p ON p.id = a.participant_id
                     WHERE t.kind = ANY ($4) AND t.created_at >= $1 AND t.created_at < $2
                     GROUP BY t.id) s""";

    private final Pool pool;

    SalesVolume(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<Volume> volume(OffsetDateTime from, OffsetDateTime to, List<String> partnerIds) {
        String[] kinds = TransactionKind.SALES.stream().map(Enum::name).toArray(String[]::new);
        return pool.preparedQuery(VOLUME).execute(Rows.tuple(from, to, partnerIds.toArray(String[]::new), kinds))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Volume(Rows.bigInteger(row, "total"), Rows.bigInteger(row, "partner"));
                });
    }
}
