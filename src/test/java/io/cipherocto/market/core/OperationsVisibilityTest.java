package io.cipherocto.market.core;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cipherocto.market.settlement.LedgerService;
import io.cipherocto.market.settlement.Posting;
import io.cipherocto.market.support.Commands;
import io.cipherocto.market.support.Gql;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Operators see the business: Prometheus metrics beyond the JVM, and one audit line per committed money movement. */
@QuarkusTest
class OperationsVisibilityTest {

    private static final Logger AUDIT = Logger.getLogger("octo.audit");

    @Inject
    LedgerService ledger;

    @Inject
    Pool pool;

    private final List<String> audit = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            audit.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        AUDIT.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        AUDIT.removeHandler(capture);
    }

    @Test
    void metricsCountOperationsByOutcomeAndMoneyByKind() throws Throwable {
        Gql.anonymous("{ chainStatus { state } }");
        Gql.anonymous("{ me { id } }"); // UNAUTHENTICATED
        UUID participant = newParticipant();
        Commands.inTransaction(s -> ledger.post(s, Posting.deposit(participant, BigInteger.TEN.pow(18),
                "metrics-test:" + UUID.randomUUID())));

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("octo_graphql_operations_total{outcome=\"OK\",type=\"query\"}")
                .contains("octo_graphql_operations_total{outcome=\"UNAUTHENTICATED\",type=\"query\"}")
                .contains("octo_ledger_postings_total{kind=\"DEPOSIT\"}")
                .contains("octo_ledger_volume_tokens_approx_total{kind=\"DEPOSIT\"}")
                .contains("octo_subscriptions_active")
                .contains("octo_chain_head").contains("octo_chain_cursor").contains("octo_chain_lag_blocks")
                .contains("octo_chain_degraded")
                .doesNotContain("m__");
    }

    @Test
    void everyCommittedPostingIsOneAuditLineAndARolledBackOneIsNone() throws Throwable {
        UUID participant = newParticipant();
        String committed = "audit-test:" + UUID.randomUUID();
        Commands.inTransaction(s -> ledger.post(s, Posting.deposit(participant, BigInteger.valueOf(42), committed)));
        String rolledBack = "audit-test:" + UUID.randomUUID();
        assertThatThrownBy(() -> Commands.inTransaction(s -> ledger.post(s, Posting.deposit(participant,
                        BigInteger.valueOf(43), rolledBack))
                .chain(() -> Uni.createFrom().failure(new IllegalStateException("rolled back")))))
                .hasMessageContaining("rolled back");

        assertThat(audit).filteredOn(line -> line.contains(committed)).singleElement()
                .satisfies(line -> assertThat(line).contains("event=ledger.posted").contains("kind=DEPOSIT")
                        .contains(participant + "/AVAILABLE:42"));
        assertThat(audit).noneMatch(line -> line.contains(rolledBack));
    }

    private UUID newParticipant() {
        UUID id = UUID.randomUUID();
        pool.preparedQuery("INSERT INTO participant (id, subject, username) VALUES ($1, $2, $3)")
                .execute(Tuple.of(id, "ops-test-" + id, "ops-test")).await().atMost(Duration.ofSeconds(5));
        return id;
    }
}
