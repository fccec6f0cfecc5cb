package io.cipherocto.market.settlement;

import io.cipherocto.market.core.db.Rows;
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
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads of the partner revenue share: what each organisation earned, and its partner-sourced sales. */
@ApplicationScoped
public class RevenueShareService {

    private static final String EARNED = """
            SELECT organisation_id, sum(share) AS earned FROM partner_revenue_share
             WHERE organisation_id = ANY ($1) GROUP BY organisation_id""";
    private static final String PAGE = "SELECT " + PartnerRevenueShare.COLUMNS + """
             FROM partner_revenue_share s JOIN ledger_transaction t ON t.id = s.transaction_id
            WHERE s.organisation_id = $1 AND {keyset}""";
    private static final Keyset<PartnerRevenueShare> NEWEST_FIRST = Keyset.<PartnerRevenueShare>orderBy()
            .timestamp("s.created_at", Direction.DESC, PartnerRevenueShare::createdAt)
            .thenId("s.transaction_id", Direction.DESC, PartnerRevenueShare::transactionId);

    private final Pool pool;

    RevenueShareService(Pool pool) {
        this.pool = pool;
    }

    /** What each organisation has earned in total, in the order given (zero when nothing); one statement. */
    public Uni<List<TokenAmount>> earned(List<UUID> organisations) {
        return pool.preparedQuery(EARNED).execute(Tuple.of(organisations.toArray(UUID[]::new))).map(rows -> {
            Map<UUID, BigInteger> earned = new HashMap<>();
            for (Row row : rows) {
                earned.put(row.getUUID("organisation_id"), Rows.bigInteger(row, "earned"));
            }
            return organisations.stream().map(o -> TokenAmount.of(earned.getOrDefault(o, BigInteger.ZERO))).toList();
        });
    }

    /** The organisation's partner-sourced sales, newest first. */
    public Uni<Page<PartnerRevenueShare>> page(UUID organisation, PageRequest page) {
        return NEWEST_FIRST.fetch(pool, PAGE, page, Tuple.of(organisation), PartnerRevenueShare::of);
    }
}
