package io.cipherocto.market.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.OctoException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.data.Numeric;
import java.math.BigInteger;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The database itself refuses an unbalanced, overdrawn or rewritten ledger, whatever the code does. */
class LedgerInvariantsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final Pool pool = LedgerDatabase.pool();
    private final LedgerService ledger = new LedgerService(pool, new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
            new io.cipherocto.market.partner.PartnerAttribution());

    @Test
    void anUnbalancedTransactionIsRejectedAtCommit() {
        UUID p = LedgerDatabase.newParticipant();
        LedgerDatabase.post(ledger, Posting.deposit(p, BigInteger.TEN, "deposit-" + UUID.randomUUID())).await().atMost(WAIT);
        UUID tx = UUID.randomUUID();
        assertThatThrownBy(() -> pool.withTransaction(conn -> conn
                        .preparedQuery("INSERT INTO ledger_transaction (id, kind, ref) VALUES ($1, 'TRANSFER', $2)")
                        .execute(Tuple.of(tx, "hack-" + tx))
                        .flatMap(r -> conn.preparedQuery("""
                                INSERT INTO ledger_entry (transaction_id, account_id, amount)
                                SELECT $1, id, 5 FROM ledger_account WHERE participant_id = $2 AND kind = 'AVAILABLE'""")
                                .execute(Tuple.of(tx, p))))
                .await().atMost(WAIT))
                .isInstanceOfSatisfying(PgException.class,
                        e -> assertThat(e.getConstraint()).isEqualTo("ledger_transaction_balanced"));
        assertThat(balance(p)).isEqualTo(BigInteger.TEN);
    }

    @Test
    void overdrawingIsInsufficientFundsAndChangesNothing() {
        UUID a = LedgerDatabase.newParticipant();
        UUID b = LedgerDatabase.newParticipant();
        LedgerDatabase.post(ledger, Posting.deposit(a, BigInteger.valueOf(7), "deposit-" + UUID.randomUUID())).await().atMost(WAIT);
        assertThatThrownBy(() -> LedgerDatabase.post(ledger, Posting.transfer(a, b, BigInteger.valueOf(8), "t-" + UUID.randomUUID()))
                .await().atMost(WAIT))
                .isInstanceOfSatisfying(OctoException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INSUFFICIENT_FUNDS));
        assertThat(balance(a)).isEqualTo(BigInteger.valueOf(7));
        assertThat(balance(b)).isZero();
    }

    @Test
    void postingTheSameRefTwiceIsOneTransaction() {
        UUID p = LedgerDatabase.newParticipant();
        String ref = "deposit-" + UUID.randomUUID();
        UUID first = LedgerDatabase.post(ledger, Posting.deposit(p, BigInteger.ONE, ref)).await().atMost(WAIT);
        UUID second = LedgerDatabase.post(ledger, Posting.deposit(p, BigInteger.ONE, ref)).await().atMost(WAIT);
        assertThat(second).isEqualTo(first);
        assertThat(balance(p)).isEqualTo(BigInteger.ONE);
    }

    @Test
    void entriesCannotBeRewritten() {
        UUID p = LedgerDatabase.newParticipant();
        LedgerDatabase.post(ledger, Posting.deposit(p, BigInteger.TWO, "deposit-" + UUID.randomUUID())).await().atMost(WAIT);
        assertThatThrownBy(() -> pool.preparedQuery("""
                        UPDATE ledger_entry SET amount = amount * 2 WHERE account_id IN
                        (SELECT id FROM ledger_account WHERE participant_id = $1)""")
                .execute(Tuple.of(p)).await().atMost(WAIT)).isInstanceOf(PgException.class);
        assertThatThrownBy(() -> pool.preparedQuery("DELETE FROM ledger_entry WHERE amount = $1")
                .execute(Tuple.of(Numeric.create(2))).await().atMost(WAIT)).isInstanceOf(PgException.class);
        assertThat(balance(p)).isEqualTo(BigInteger.TWO);
    }

    @Test
    void amountsBeyondLongAreExact() {
        UUID p = LedgerDatabase.newParticipant();
        BigInteger huge = BigInteger.TWO.pow(255).add(BigInteger.valueOf(12345));
        LedgerDatabase.post(ledger, Posting.deposit(p, huge, "deposit-" + UUID.randomUUID())).await().atMost(WAIT);
        assertThat(balance(p)).isEqualTo(huge);
    }

    private BigInteger balance(UUID participant) {
        return ledger.balancesOf(participant).await().atMost(WAIT).get(AccountKind.AVAILABLE);
    }
}
