package io.cipherocto.market.support;

import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.settlement.LedgerService;
import io.cipherocto.market.settlement.Posting;
import io.quarkus.arc.Arc;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Ledger helpers for tests. Participants are credited with a test-only posting: {@link Posting#deposit} through
 * {@link LedgerService#post}, the very posting a mirrored vault deposit makes, without the chain round trip (seconds
 * per deposit, too slow for hundreds of buyers). Lifecycle tests fund one participant through the real chain.
 */
public final class Ledgers {

    private Ledgers() {
    }

    /** Credits each participant's available balance (test-only deposit postings, one transaction). */
    public static void credit(Map<UUID, BigInteger> amounts) throws Throwable {
        LedgerService ledger = Arc.container().instance(LedgerService.class).get();
        Commands.inTransaction(session -> {
            io.smallrye.mutiny.Uni<Void> work = io.smallrye.mutiny.Uni.createFrom().voidItem();
            for (Map.Entry<UUID, BigInteger> e : amounts.entrySet()) {
                work = work.chain(() -> ledger.post(session, Posting.deposit(e.getKey(), e.getValue(),
                        "test-credit:" + UUID.randomUUID())).replaceWithVoid());
            }
            return work;
        });
    }

    public static void credit(UUID participant, BigInteger amount) throws Throwable {
        credit(Map.of(participant, amount));
    }

    /** The participant's AVAILABLE and ESCROW balances, straight from the ledger accounts. */
    public static BigInteger[] balances(UUID participant) throws Throwable {
        List<Object[]> rows = Commands.inTransaction(s -> s.createNativeQuery(
                        "SELECT kind, balance FROM ledger_account WHERE participant_id = :p", Object[].class)
                .setParameter("p", participant).getResultList());
        BigInteger available = BigInteger.ZERO;
        BigInteger escrow = BigInteger.ZERO;
        for (Object[] r : rows) {
            if ("AVAILABLE".equals(r[0])) {
                available = Rows.bigInteger(r[1]);
            } else if ("ESCROW".equals(r[0])) {
                escrow = Rows.bigInteger(r[1]);
            }
        }
        return new BigInteger[] {available, escrow};
    }

    public static BigInteger platformFees() throws Throwable {
        return Commands.inTransaction(s -> s.createNativeQuery(
                        "SELECT balance FROM ledger_account WHERE kind = 'PLATFORM_FEE' AND participant_id IS NULL",
                        Object.class).getSingleResult().map(Rows::bigInteger));
    }

    /** Every ledger transaction sums to zero, and so does the whole ledger. */
    public static void assertLedgerBalanced() throws Throwable {
        Object unbalanced = Commands.inTransaction(s -> s.createNativeQuery("""
                SELECT count(*) FROM (SELECT transaction_id FROM ledger_entry GROUP BY transaction_id
                                       HAVING sum(amount) <> 0) t""", Object.class).getSingleResult());
        Object total = Commands.inTransaction(s -> s.createNativeQuery(
                "SELECT COALESCE(sum(amount), 0) FROM ledger_entry", Object.class).getSingleResult());
        org.assertj.core.api.Assertions.assertThat(((Number) unbalanced).longValue()).as("unbalanced transactions")
                .isZero();
        org.assertj.core.api.Assertions.assertThat(Rows.bigInteger(total)).as("ledger total").isZero();
    }
}
