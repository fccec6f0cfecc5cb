package io.cipherocto.market.job;

import static io.cipherocto.market.job.Jobs.CANCEL;
import static io.cipherocto.market.job.Jobs.CLAIM;
import static io.cipherocto.market.job.Jobs.COMPLETE;
import static io.cipherocto.market.job.Jobs.EVENTS;
import static io.cipherocto.market.job.Jobs.HEARTBEAT;
import static io.cipherocto.market.job.Jobs.JOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.chain.Chain;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.Ledgers;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.cipherocto.market.support.TestWallets;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.graphql.client.GraphQLClientException;
import io.smallrye.graphql.client.Response;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.math.BigInteger;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A compute job end to end with real Keycloak users, a real staked operator wallet on the chain node and the real
 * ledger: submit (escrow), claim, heartbeats (progress, usage, logs, BUDGET_LOW), attested completion (forged
 * signature refused), exact payout/fee/refund, and the same history on the live feed and in jobEvents.
 */
@QuarkusTest
class JobLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Chain chain;

    @TestHTTPResource("/graphql")
    URL graphql;

    @Test
    void aJobRunsToSuccessWithEveryChangeLiveAndExactMoney() throws Throwable {
        String gpu = Jobs.gpuClass();
        Jobs.Operator op = Jobs.operator(chain, gpu, 80);
        TestUser consumer = Jobs.consumer(BigInteger.valueOf(10_000));
        UUID consumerId = Jobs.participantId(consumer);
        BigInteger feesBefore = Ledgers.platformFees();

        String job = Jobs.submit(consumer, gpu, BigInteger.valueOf(1000));
        assertThat(Ledgers.balances(consumerId)).containsExactly(BigInteger.valueOf(9000), BigInteger.valueOf(1000));

        try (DynamicGraphQLClient client = Jobs.client(graphql, consumer)) {
            AssertSubscriber<Response> feed = client.subscription("subscription { jobUpdated(jobId: \"" + job
                    + "\") { " + Jobs.EVENT_FIELDS + " } }").subscribe().withSubscriber(AssertSubscriber.create(100));
            // without a cursor: the job's whole history first
            feed.awaitItems(2, WAIT);
            assertThat(kinds(feed)).containsExactly("SUBMITTED", "PAYMENT");

            JsonPath claimed = Gql.as(op.user(), CLAIM).body("errors", nullValue()).extract().jsonPath();
            assertThat(claimed.getString("data.claimJob.id")).isEqualTo(job);
            assertThat(claimed.getString("data.claimJob.state")).isEqualTo("ASSIGNED");
            assertThat(claimed.getInt("data.claimJob.attempts")).isEqualTo(1);

            // another operator may not heartbeat it; usage never goes down; progress stays within 0-100
            Jobs.Operator other = Jobs.operator(chain, gpu, 80);
            Gql.as(other.user(), HEARTBEAT, "i", Map.of("jobId", job, "progress", 1))
                    .body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                    .body("errors[0].extensions.reason", equalTo("NOT_JOB_OPERATOR"));
            Gql.as(op.user(), HEARTBEAT, "i", Map.of("jobId", job, "progress", 101))
                    .body("errors[0].extensions.code", equalTo("VALIDATION"))
                    .body("errors[0].extensions.field", equalTo("input.progress"));

            Gql.as(op.user(), HEARTBEAT, "i", Map.of("jobId", job, "progress", 40, "spent", "850",
                            "log", List.of("loading weights", "epoch 1")))
                    .body("errors", nullValue()).body("data.heartbeatJob.state", equalTo("RUNNING"))
                    .body("data.heartbeatJob.progress", equalTo(40)).body("data.heartbeatJob.spent", equalTo("850"));
            Gql.as(op.user(), HEARTBEAT, "i", Map.of("jobId", job, "spent", "800"))
                    .body("errors[0].extensions.code", equalTo("VALIDATION"))
                    .body("errors[0].extensions.field", equalTo("input.spent"));

            // an attestation signed by any other key is refused, and changes nothing
            String result = Jobs.resultHash();
            Gql.as(op.user(), COMPLETE, "i", Map.of("jobId", job, "outcome", "SUCCEEDED", "resultHash", result,
                            "charge", "900", "signature", Jobs.attestation(job, "SUCCEEDED", result, TestWallets.fresh())))
                    .body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                    .body("errors[0].extensions.reason", equalTo("ATTESTATION_SIGNER_MISMATCH"));
            // signed by the right key over another outcome: the signer recovered is another address
            Gql.as(op.user(), COMPLETE, "i", Map.of("jobId", job, "outcome", "SUCCEEDED", "resultHash", result,
                            "charge", "900", "signature", Jobs.attestation(job, "FAILED", result, op.wallet())))
                    .body("errors[0].extensions.reason", equalTo("ATTESTATION_SIGNER_MISMATCH"));
            Gql.as(consumer, JOB, "id", job).body("data.job.state", equalTo("RUNNING"));

            JsonPath done = Gql.as(op.user(), COMPLETE, "i", Map.of("jobId", job, "outcome", "SUCCEEDED",
                            "resultHash", result, "charge", "900",
                            "signature", Jobs.attestation(job, "SUCCEEDED", result, op.wallet())))
                    .body("errors", nullValue()).extract().jsonPath();
            assertThat(done.getString("data.completeJob.state")).isEqualTo("SUCCEEDED");
            assertThat(done.getString("data.completeJob.paid")).isEqualTo("900");
            assertThat(done.getString("data.completeJob.fee")).isEqualTo("45"); // floor(900 × 500 / 10000)
            assertThat(done.getString("data.completeJob.refunded")).isEqualTo("100");
            assertThat(done.getString("data.completeJob.resultHash")).isEqualTo(result);
            assertThat(done.getString("data.completeJob.deadline")).isNull();
            assertThat(Ledgers.balances(consumerId)).containsExactly(BigInteger.valueOf(9100), BigInteger.ZERO);
            assertThat(Ledgers.balances(op.id())[0]).isEqualTo(BigInteger.valueOf(855));
            assertThat(Ledgers.platformFees().subtract(feesBefore)).isEqualTo(BigInteger.valueOf(45));

            Gql.as(op.user(), COMPLETE, "i", Map.of("jobId", job, "outcome", "SUCCEEDED", "resultHash", result,
                            "signature", Jobs.attestation(job, "SUCCEEDED", result, op.wallet())))
                    .body("errors[0].extensions.code", equalTo("CONFLICT"))
                    .body("errors[0].extensions.reason", equalTo("ILLEGAL_JOB_TRANSITION"));

            feed.awaitItems(11, WAIT);
            assertThat(kinds(feed)).containsExactly("SUBMITTED", "PAYMENT", "STATE_CHANGED", "STATE_CHANGED",
                    "PROGRESS", "LOG", "BUDGET_LOW", "STATE_CHANGED", "PAYMENT", "PAYMENT", "PAYMENT");
            List<JsonObject> events = events(feed);
            assertThat(events.get(3).getString("state")).isEqualTo("RUNNING");
            assertThat(events.get(3).getString("reason")).isEqualTo("STARTED");
            assertThat(events.get(5).getJsonArray("logLines").getValuesAs(jakarta.json.JsonString.class))
                    .extracting(jakarta.json.JsonString::getString).containsExactly("loading weights", "epoch 1");
            assertThat(events.get(7).getString("state")).isEqualTo("SUCCEEDED");
            assertThat(events.subList(8, 11)).extracting(e -> e.getJsonObject("payment").getString("kind") + " "
                    + e.getJsonObject("payment").getString("amount")).containsExactly("PAYOUT 855", "FEE 45", "REFUND 100");

            // a page reload shows the same events, with the same cursors, in the same order
            List<String> history = Gql.as(consumer, EVENTS, "id", job).body("errors", nullValue()).extract()
                    .jsonPath().getList("data.jobEvents.edges.cursor");
            assertThat(history).containsExactlyElementsOf(events.stream().map(e -> e.getString("cursor")).toList());
        }
        assertThat(Gql.as(consumer, "query($id: ID!) { job(id: $id) { log { n line } } }", "id", job)
                .body("errors", nullValue()).extract().jsonPath().getList("data.job.log.line"))
                .containsExactly("loading weights", "epoch 1");
        Ledgers.assertLedgerBalanced();
    }

    @Test
    void outsidersSeeNothingAndCannotSubscribe() throws Throwable {
        TestUser consumer = Jobs.consumer(BigInteger.valueOf(100));
        String job = Jobs.submit(consumer, Jobs.gpuClass(), BigInteger.TEN);
        // another partner organisation's participant (tenant isolation), as any outsider
        TestUser outsider = TestUsers.user("outsider").roles("consumer", "operator").partner("STRATEGIC").create();
        Gql.as(outsider, JOB, "id", job).body("errors", nullValue()).body("data.job", nullValue());
        Gql.as(outsider, EVENTS, "id", job).body("errors[0].extensions.code", equalTo("NOT_FOUND"));
        Gql.as(outsider, CANCEL, "id", job).body("errors[0].extensions.code", equalTo("NOT_FOUND"));
        Gql.anonymous(JOB, "id", job).body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
        try (DynamicGraphQLClient client = Jobs.client(graphql, outsider)) {
            AssertSubscriber<Response> feed = client.subscription("subscription { jobUpdated(jobId: \"" + job
                    + "\") { cursor } }").subscribe().withSubscriber(AssertSubscriber.create(10));
            feed.awaitFailure(WAIT);
            assertThat(((GraphQLClientException) feed.getFailure()).getErrors().getFirst().getExtensions())
                    .containsEntry("code", "FORBIDDEN").containsEntry("reason", "NOT_JOB_PARTY");
        }
        // an admin may read it
        TestUser admin = TestUsers.create("jobadmin", "admin");
        Gql.as(admin, JOB, "id", job).body("data.job.id", equalTo(job));
    }

    @Test
    void cancellingARunningJobPaysTheMeteredUsageAndReachingTheBudgetStopsIt() throws Throwable {
        String gpu = Jobs.gpuClass();
        Jobs.Operator op = Jobs.operator(chain, gpu, 24);
        TestUser consumer = Jobs.consumer(BigInteger.valueOf(10_000));
        UUID consumerId = Jobs.participantId(consumer);

        // queued: cancelling refunds everything
        String queued = Jobs.submit(consumer, gpu, BigInteger.valueOf(500), "memoryGb", 16);
        Gql.as(consumer, CANCEL, "id", queued, "r", "changed my mind").body("errors", nullValue())
                .body("data.cancelJob.state", equalTo("CANCELLED")).body("data.cancelJob.refunded", equalTo("500"))
                .body("data.cancelJob.paid", equalTo("0"));

        // running: the operator is paid what it metered (less the fee), the consumer gets the rest
        String running = Jobs.submit(consumer, gpu, BigInteger.valueOf(1000), "memoryGb", 16);
        Gql.as(op.user(), CLAIM, "id", running).body("errors", nullValue());
        Gql.as(op.user(), HEARTBEAT, "i", Map.of("jobId", running, "spent", "333")).body("errors", nullValue());
        Gql.as(consumer, CANCEL, "id", running).body("errors", nullValue())
                .body("data.cancelJob.reason", equalTo("CANCELLED_BY_CONSUMER"))
                .body("data.cancelJob.paid", equalTo("333")).body("data.cancelJob.fee", equalTo("16"))
                .body("data.cancelJob.refunded", equalTo("667"));

        // a job asking for more memory than the operator offers is not its to claim
        String big = Jobs.submit(consumer, gpu, BigInteger.valueOf(100), "memoryGb", 48);
        Gql.as(op.user(), CLAIM, "id", big).body("errors[0].extensions.reason", equalTo("CAPACITY_MISMATCH"));
        Gql.as(consumer, CANCEL, "id", big).body("errors", nullValue());

        // usage reaching the budget: BUDGET_LOW was announced first, then the job stops with the budget paid
        String capped = Jobs.submit(consumer, gpu, BigInteger.valueOf(1000), "memoryGb", 16);
        Gql.as(op.user(), CLAIM, "id", capped).body("errors", nullValue());
        Gql.as(op.user(), HEARTBEAT, "i", Map.of("jobId", capped, "spent", "1000")).body("errors", nullValue())
                .body("data.heartbeatJob.state", equalTo("CANCELLED"))
                .body("data.heartbeatJob.reason", equalTo("BUDGET_EXHAUSTED"))
                .body("data.heartbeatJob.paid", equalTo("1000")).body("data.heartbeatJob.refunded", equalTo("0"));
        List<String> kinds = Gql.as(consumer, EVENTS, "id", capped).extract().jsonPath()
                .getList("data.jobEvents.edges.node.kind");
        assertThat(kinds).containsSubsequence("BUDGET_LOW", "STATE_CHANGED", "PAYMENT");
        assertThat(kinds.indexOf("BUDGET_LOW")).isLessThan(kinds.lastIndexOf("STATE_CHANGED"));

        // 10,000 − 500 + 500 − 1000 + 667 − 100 + 100 − 1000 = 8,667
        assertThat(Ledgers.balances(consumerId)).containsExactly(BigInteger.valueOf(8667), BigInteger.ZERO);
        Gql.as(consumer, CANCEL, "id", capped).body("errors[0].extensions.reason", equalTo("ILLEGAL_JOB_TRANSITION"));
        Ledgers.assertLedgerBalanced();
    }

    @Test
    void badSubmissionsAreRefusedWithNothingEscrowed() throws Throwable {
        TestUser consumer = Jobs.consumer(BigInteger.valueOf(50));
        UUID consumerId = Jobs.participantId(consumer);
        String gpu = Jobs.gpuClass();
        Gql.as(consumer, Jobs.SUBMIT, "i", Jobs.input(gpu, BigInteger.TEN, "kind", "INFERENCE"))
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo("input.modelId"));
        Gql.as(consumer, Jobs.SUBMIT, "i", Jobs.input(gpu, BigInteger.TEN, "datanetIds",
                        List.of(UUID.randomUUID().toString())))
                .body("errors[0].extensions.field", equalTo("input.datanetIds"));
        Gql.as(consumer, Jobs.SUBMIT, "i", Jobs.input("not a class!", BigInteger.TEN, "kind", "INFERENCE",
                        "modelId", Jobs.model()))
                .body("errors[0].extensions.field", equalTo("input.gpuClass"));
        Gql.as(consumer, Jobs.SUBMIT, "i", Jobs.input(gpu, BigInteger.ZERO, "kind", "INFERENCE",
                        "modelId", Jobs.model()))
                .body("errors[0].extensions.field", equalTo("input.budget"));
        Gql.as(consumer, Jobs.SUBMIT, "i", Jobs.input(gpu, BigInteger.valueOf(51), "kind", "INFERENCE",
                        "modelId", Jobs.model()))
                .body("errors[0].extensions.code", equalTo("INSUFFICIENT_FUNDS"));
        assertThat(Ledgers.balances(consumerId)).containsExactly(BigInteger.valueOf(50), BigInteger.ZERO);
        Gql.as(consumer, "{ myJobs { edges { node { id } } } }").body("data.myJobs.edges", org.hamcrest.Matchers.empty());

        // idempotent: the same key and request give the same job, escrowed once; another request: CONFLICT
        Map<String, Object> input = Jobs.input(gpu, BigInteger.TEN, "kind", "INFERENCE", "modelId", Jobs.model(),
                "idempotencyKey", "k-" + UUID.randomUUID());
        String first = Gql.as(consumer, Jobs.SUBMIT, "i", input).body("errors", nullValue()).extract()
                .path("data.submitJob.id");
        Gql.as(consumer, Jobs.SUBMIT, "i", input).body("data.submitJob.id", equalTo(first));
        input.put("budget", "11");
        Gql.as(consumer, Jobs.SUBMIT, "i", input).body("errors[0].extensions.reason", equalTo("IDEMPOTENCY_KEY_REUSED"));
        assertThat(Ledgers.balances(consumerId)).containsExactly(BigInteger.valueOf(40), BigInteger.TEN);

        // operators: a claim without registration, a registration without stake
        TestUser unregistered = TestUsers.create("noop", "operator");
        Gql.as(unregistered, CLAIM, "id", first).body("errors[0].extensions.reason", equalTo("OPERATOR_NOT_REGISTERED"));
        Gql.as(unregistered, "mutation { registerOperator(input: {gpuClass: \"H100\", memoryGb: 8}) { wallet } }")
                .body("errors[0].extensions.field", equalTo("wallet"));
        Gql.as(consumer, CLAIM, "id", first).body("errors[0].extensions.code", equalTo("FORBIDDEN"))
                .body("errors[0].extensions.action", equalTo("CLAIM_JOB"));
    }

    private static List<JsonObject> events(AssertSubscriber<Response> feed) {
        return feed.getItems().stream().map(r -> r.getData().getJsonObject("jobUpdated")).toList();
    }

    private static List<String> kinds(AssertSubscriber<Response> feed) {
        return events(feed).stream().map(e -> e.getString("kind")).toList();
    }
}
