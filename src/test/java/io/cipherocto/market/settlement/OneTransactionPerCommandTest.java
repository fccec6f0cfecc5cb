package io.cipherocto.market.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cipherocto.market.core.scalar.TokenAmount;
import io.cipherocto.market.support.Commands;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A command is one transaction on one session: the entity it persists, the ledger posting and the queued chain
 * transaction (native SQL on the same session) commit together or not at all.
 */
@QuarkusTest
class OneTransactionPerCommandTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    LedgerService ledger;

    @Inject
    WithdrawalService withdrawals;

    @Inject
    Pool pool;

    @Test
    void aFailureAfterTheLedgerPostingLeavesNeitherThePostingNorTheWithdrawalBehind() throws Throwable {
        UUID participant = newParticipant();
        Commands.inTransaction(s -> ledger.post(s, Posting.deposit(participant, BigInteger.valueOf(100),
                "deposit-" + UUID.randomUUID())));
        String wallet = randomWallet();

        AtomicReference<UUID> failed = new AtomicReference<>();
        assertThatThrownBy(() -> Commands.inTransaction(s -> withdrawals
                .queue(s, participant, TokenAmount.of(BigInteger.valueOf(40)), wallet)
                .invoke(failed::set)
                .chain(() -> Uni.createFrom().failure(new IllegalStateException("fails after the posting")))))
                .hasMessageContaining("fails after the posting");
        assertThat(failed.get()).as("the command got as far as its posting").isNotNull();
        assertThat(ledger.balancesOf(participant).await().atMost(WAIT))
                .containsEntry(AccountKind.AVAILABLE, BigInteger.valueOf(100))
                .containsEntry(AccountKind.ESCROW, BigInteger.ZERO);
        assertThat(rows(failed.get())).as("withdrawal, outbox and ledger rows of the failed command").isZero();

        // The same command without the failure leaves all three behind: the probe above can see them.
        UUID done = Commands.inTransaction(s -> withdrawals.queue(s, participant,
                TokenAmount.of(BigInteger.valueOf(40)), wallet));
        assertThat(rows(done)).isEqualTo(3);
        assertThat(ledger.balancesOf(participant).await().atMost(WAIT))
                .containsEntry(AccountKind.AVAILABLE, BigInteger.valueOf(60))
                .containsEntry(AccountKind.ESCROW, BigInteger.valueOf(40));
    }

    private long rows(UUID withdrawal) {
        return pool.preparedQuery("""
                        SELECT (SELECT count(*) FROM withdrawal WHERE id = $1)
                             + (SELECT count(*) FROM chain_outbox WHERE id = $1)
                             + (SELECT count(*) FROM ledger_transaction WHERE ref = $2)""")
                .execute(Tuple.of(withdrawal, "withdrawal:" + withdrawal))
                .map(r -> r.iterator().next().getLong(0)).await().atMost(WAIT);
    }

    private UUID newParticipant() {
        UUID id = UUID.randomUUID();
        pool.preparedQuery("INSERT INTO participant (id, subject, username) VALUES ($1, $2, $3)")
                .execute(Tuple.of(id, "command-test-" + id, "command-test")).await().atMost(WAIT);
        return id;
    }

    private static String randomWallet() {
        byte[] bytes = new byte[20];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "0x" + HexFormat.of().formatHex(bytes);
    }
}
