package io.cipherocto.market.job;

import static io.cipherocto.market.job.Jobs.CLAIM;
import static io.cipherocto.market.job.Jobs.EVENTS;
import static io.cipherocto.market.job.Jobs.HEARTBEAT;
import static io.cipherocto.market.job.Jobs.JOB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.chain.Chain;
import io.cipherocto.market.core.time.TimeSource;
import io.cipherocto.market.support.Await;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.Ledgers;
import io.cipherocto.market.support.Stakers;
import io.cipherocto.market.support.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every job has a way out: deadlines move jobs on by themselves (business time moved by the test, the deadline step
 * running every second). A lapsed lease requeues and costs the operator reputation; a silent running job stalls, then
 * resumes or is requeued; the queue and the maximum duration expire with the documented refunds; repeated abandonment
 * is slashed on chain and the slash's finality appears on the job's feed.
 */
@QuarkusTest
class JobDeadlinesTest {

    private static final Duration LEASE = Duration.ofSeconds(61);

    @Inject
    Chain chain;

    @Inject
    TimeSource time;

    @Test
    void aLapsedLeaseRequeuesTheJobAndCostsTheOperatorReputation() throws Throwable {
        String gpu = Jobs.gpuClass();
        Jobs.Operator op = Jobs.operator(chain, gpu, 80);
        TestUser consumer = Jobs.consumer(BigInteger.valueOf(100));
        String job = Jobs.submit(consumer, gpu, BigInteger.TEN);
        Gql.as(op.user(), CLAIM, "id", job).body("errors", nullValue());

        time.advance(LEASE);
        JsonPath requeued = await(consumer, job, "QUEUED");
        assertThat(requeued.getString("data.job.reason")).isEqualTo("LEASE_EXPIRED");
        assertThat(requeued.getString("data.job.operator")).isNull();
        Gql.anonymous("query($p: ID!) { jobOperator(participantId: $p) { abandoned reputation } }", "p", op.id())
                .body("data.jobOperator.abandoned", org.hamcrest.Matchers.equalTo(1))
                .body("data.jobOperator.reputation", org.hamcrest.Matchers.equalTo(-5));
        // the operator that lost it hears of it on its own feed (the event names it)
        List<Map<String, Object>> events = Gql.as(consumer, EVENTS, "id", job).extract().jsonPath()
                .getList("data.jobEvents.edges.node");
        assertThat(events.getLast()).containsEntry("state", "QUEUED").containsEntry("reason", "LEASE_EXPIRED")
                .containsEntry("previousState", "ASSIGNED");

        // it can be claimed again, and a heartbeat now from the old operator is refused
        Gql.as(op.user(), HEARTBEAT, "i", Map.of("jobId", job)).body("errors[0].extensions.reason",
                org.hamcrest.Matchers.equalTo("NOT_JOB_OPERATOR"));
        Gql.as(op.user(), CLAIM, "id", job).body("errors", nullValue()).body("data.claimJob.attempts",
                org.hamcrest.Matchers.equalTo(2));
    }

    @Test
    void aSilentRunningJobStallsResumesAndIsRequeuedWithItsUsageForfeited() throws Throwable {
        String gpu = Jobs.gpuClass();
        Jobs.Operator op = Jobs.operator(chain, gpu, 80);
        TestUser consumer = Jobs.consumer(BigInteger.valueOf(100));
        String job = Jobs.submit(consumer, gpu, BigInteger.valueOf(50));
        Gql.as(op.user(), CLAIM, "id", job).body("errors", nullValue());
        Gql.as(op.user(), HEARTBEAT, "i", Map.of("jobId", job, "progress", 10, "spent", "5")).body("errors", nullValue());

        time.advance(LEASE);
        assertThat(await(consumer, job, "STALLED").getString("data.job.reason")).isEqualTo("HEARTBEAT_MISSED");
        Gql.as(op.user(), HEARTBEAT, "i", Map.of("jobId", job, "progress", 20)).body("errors", nullValue())
                .body("data.heartbeatJob.state", org.hamcrest.Matchers.equalTo("RUNNING"))
                .body("data.heartbeatJob.reason", org.hamcrest.Matchers.equalTo("RESUMED"));

        time.advance(LEASE);
        await(consumer, job, "STALLED");
        time.advance(LEASE);
        JsonPath requeued = await(consumer, job, "QUEUED");
        assertThat(requeued.getString("data.job.spent")).isEqualTo("0");
        assertThat(requeued.getInt("data.job.progress")).isZero();
        assertThat(Gql.as(consumer, EVENTS, "id", job).extract().jsonPath()
                .<String>getList("data.jobEvents.edges.node.reason").stream().filter(r -> r != null).toList())
                .containsSubsequence("CLAIMED", "STARTED", "HEARTBEAT_MISSED", "RESUMED", "HEARTBEAT_MISSED",
                        "LEASE_EXPIRED");
    }

    @Test
    void theQueueAndTheMaximumDurationExpireWithTheDocumentedRefunds() throws Throwable {
        String gpu = Jobs.gpuClass();
        Jobs.Operator op = Jobs.operator(chain, gpu, 80);
        TestUser consumer = Jobs.consumer(BigInteger.valueOf(1000));
        UUID consumerId = Jobs.participantId(consumer);

        String overlong = Jobs.submit(consumer, gpu, BigInteger.valueOf(100), "maxDurationSeconds", 90);
        Gql.as(op.user(), CLAIM, "id", overlong).body("errors", nullValue());
        Gql.as(op.user(), HEARTBEAT, "i", Map.of("jobId", overlong, "spent", "10")).body("errors", nullValue());
        time.advance(Duration.ofSeconds(50));
        Gql.as(op.user(), HEARTBEAT, "i", Map.of("jobId", overlong, "spent", "20")).body("errors", nullValue());
        time.advance(Duration.ofSeconds(45)); // past startedAt + 90 s, within the lease
        JsonPath expired = await(consumer, overlong, "EXPIRED");
        assertThat(expired.getString("data.job.reason")).isEqualTo("MAX_DURATION");
        assertThat(expired.getString("data.job.paid")).isEqualTo("20");
        assertThat(expired.getString("data.job.fee")).isEqualTo("1");
        assertThat(expired.getString("data.job.refunded")).isEqualTo("80");

        String waiting = Jobs.submit(consumer, Jobs.gpuClass(), BigInteger.valueOf(300));
        time.advance(Duration.ofDays(1).plusSeconds(1));
        JsonPath timedOut = await(consumer, waiting, "EXPIRED");
        assertThat(timedOut.getString("data.job.reason")).isEqualTo("QUEUE_TIMEOUT");
        assertThat(timedOut.getString("data.job.refunded")).isEqualTo("300");
        assertThat(Ledgers.balances(consumerId)).containsExactly(BigInteger.valueOf(980), BigInteger.ZERO);
        Ledgers.assertLedgerBalanced();
    }

    @Test
    void repeatedAbandonmentIsSlashedOnChainAndTheFeedShowsItsFinality() throws Throwable {
        String gpu = Jobs.gpuClass();
        Jobs.Operator op = Jobs.operator(chain, gpu, 80);
        TestUser consumer = Jobs.consumer(BigInteger.valueOf(100));
        String last = null;
        for (int i = 0; i < 3; i++) { // octo.jobs.slash-after-abandoned = 3
            last = Jobs.submit(consumer, gpu, BigInteger.ONE);
            Gql.as(op.user(), CLAIM, "id", last).body("errors", nullValue());
            time.advance(LEASE);
            await(consumer, last, "QUEUED");
        }
        String job = last;
        List<Map<String, Object>> payments = Await.until("slash confirmed on the feed", Duration.ofSeconds(60),
                () -> Gql.as(consumer, EVENTS, "id", job).extract().jsonPath()
                        .<Map<String, Object>>getList("data.jobEvents.edges.node.payment").stream()
                        .filter(p -> p != null && "SLASH".equals(p.get("kind"))).toList(),
                list -> list.size() == 2);
        assertThat(payments).extracting(p -> p.get("finality")).containsExactly("PENDING", "CONFIRMED");
        assertThat(payments.getFirst()).containsEntry("amount", "7").containsEntry("participantId", op.id().toString());
        assertThat(Stakers.slashed(op.wallet().getAddress())).isEqualTo(BigInteger.valueOf(7));
    }

    private static JsonPath await(TestUser consumer, String job, String state) {
        return Await.until("job " + state, Duration.ofSeconds(30),
                () -> Gql.as(consumer, JOB, "id", job).extract().jsonPath(),
                p -> state.equals(p.getString("data.job.state")));
    }
}
