package io.cipherocto.market.job;

import static io.cipherocto.market.job.Jobs.CANCEL;
import static io.cipherocto.market.job.Jobs.EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.core.error.OctoException;
import io.cipherocto.market.core.time.TimeSource;
import io.cipherocto.market.support.Await;
import io.cipherocto.market.support.Commands;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.graphql.client.Response;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.math.BigInteger;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The live job feed against the real database: resuming from a cursor delivers every missed event once and in order;
 * a transaction that started first but commits last opens no gap; a cursor past the retention window gets RESYNC; a
 * subscriber that falls behind is ended with the cursor to resume from, and resuming from it misses nothing.
 */
@QuarkusTest
class JobFeedTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CONSUMER_FEED = "subscription { jobsUpdated(scope: CONSUMER%s) { "
            + Jobs.EVENT_FIELDS + " } }";

    @Inject
    JobFeed feed;

    @Inject
    JobDeadlines deadlines;

    @Inject
    Pool pool;

    @Inject
    TimeSource time;

    @TestHTTPResource("/graphql")
    URL graphql;

    @Test
    void aSubscriberThatReconnectsWithItsCursorGetsEveryMissedEventOnceInOrder() throws Throwable {
        TestUser consumer = Jobs.consumer(BigInteger.valueOf(1000));
        String gpu = Jobs.gpuClass();
        String a;
        String cursor;
        try (DynamicGraphQLClient client = Jobs.client(graphql, consumer)) {
            // from the origin: this consumer's history (none yet), then live; no race with the first event
            AssertSubscriber<Response> live = subscribe(client, EventPosition.ORIGIN.cursor());
            a = Jobs.submit(consumer, gpu, BigInteger.TEN);
            live.awaitItems(2, WAIT);
            assertThat(kinds(live)).containsExactly("SUBMITTED", "PAYMENT");
            cursor = events(live).getLast().getString("cursor");
        }
        // while it is away: six events on two jobs
        String b = Jobs.submit(consumer, gpu, BigInteger.TWO);
        Gql.as(consumer, CANCEL, "id", a).body("errors", nullValue());
        Gql.as(consumer, CANCEL, "id", b).body("errors", nullValue());

        try (DynamicGraphQLClient client = Jobs.client(graphql, consumer)) {
            AssertSubscriber<Response> resumed = subscribe(client, cursor);
            resumed.awaitItems(6, WAIT);
            assertThat(events(resumed)).extracting(e -> e.getString("jobId").equals(a) ? "a " + e.getString("kind")
                    : "b " + e.getString("kind")).containsExactly("b SUBMITTED", "b PAYMENT", "a STATE_CHANGED",
                    "a PAYMENT", "b STATE_CHANGED", "b PAYMENT");
            // then live ones, on the same subscription
            String c = Jobs.submit(consumer, gpu, BigInteger.ONE);
            resumed.awaitItems(8, WAIT);
            assertThat(events(resumed).subList(6, 8)).extracting(e -> e.getString("jobId")).containsOnly(c);
            // one more job: its events come right after, so nothing (no duplicate) came in between
            String d = Jobs.submit(consumer, gpu, BigInteger.ONE);
            resumed.awaitItems(10, WAIT);
            assertThat(events(resumed).subList(8, 10)).extracting(e -> e.getString("jobId")).containsOnly(d);
            assertThat(events(resumed).stream().map(e -> e.getString("cursor")).distinct()).hasSize(10);
        }
    }

    @Test
    void aTransactionThatStartedFirstButCommitsLastOpensNoGap() throws Throwable {
        TestUser consumer = Jobs.consumer(BigInteger.valueOf(1000));
        UUID consumerId = Jobs.participantId(consumer);
        String job = Jobs.submit(consumer, Jobs.gpuClass(), BigInteger.TEN);
        String before = Gql.as(consumer, EVENTS, "id", job).extract().jsonPath()
                .<String>getList("data.jobEvents.edges.cursor").getLast();
        try (DynamicGraphQLClient client = Jobs.client(graphql, consumer)) {
            AssertSubscriber<Response> live = subscribe(client, before);
            // a slow writer: its transaction takes its id and writes an event first, and commits last (stamped with
            // business time, as the server stamps events: another test may have moved it past the retention window)
            SqlConnection slow = pool.getConnection().await().atMost(WAIT);
            try {
                slow.query("BEGIN").execute().await().atMost(WAIT);
                slow.preparedQuery("""
                        INSERT INTO job_event (job_id, consumer_id, state, gpu_class, memory_gb, kind, data, at)
                        SELECT id, consumer_id, state, gpu_class, memory_gb, 'LOG', '{"lines":["slow writer"]}', $2
                          FROM job WHERE id = $1""").execute(Tuple.of(UUID.fromString(job), time.nowUtc()))
                        .await().atMost(WAIT);
                slow.query("SELECT pg_notify('octo_live', '{\"topic\":\"job-events\",\"key\":\"\"}')").execute()
                        .await().atMost(WAIT);
                // a fast writer commits after it started: its events must wait behind the open transaction
                Gql.as(consumer, CANCEL, "id", job).body("errors", nullValue());
                // the pump has seen the committed rows and held them back, again and again (it re-reads every 20 ms)
                long held = feed.heldBack();
                Await.until("the pump holds the later rows back", Duration.ofSeconds(30),
                        () -> feed.heldBack() >= held + 5);
                assertThat(live.getItems()).as("delivered while an older transaction is open").isEmpty();
                List<String> visible = Gql.as(consumer, EVENTS, "id", job, "a", before).extract().jsonPath()
                        .getList("data.jobEvents.edges.node.kind");
                assertThat(visible).as("jobEvents shows only what is final").isEmpty();
                slow.query("COMMIT").execute().await().atMost(WAIT);
            } finally {
                slow.close().await().atMost(WAIT);
            }
            live.awaitItems(3, WAIT);
            assertThat(kinds(live)).containsExactly("LOG", "STATE_CHANGED", "PAYMENT");
            List<String> page = Gql.as(consumer, EVENTS, "id", job, "a", before).extract().jsonPath()
                    .getList("data.jobEvents.edges.node.kind");
            assertThat(page).containsExactly("LOG", "STATE_CHANGED", "PAYMENT");
        }
        assertThat(consumerId).isNotNull();
    }

    @Test
    void aCursorOlderThanTheRetentionWindowGetsResyncThenLiveEvents() throws Throwable {
        TestUser consumer = Jobs.consumer(BigInteger.valueOf(1000));
        String job = Jobs.submit(consumer, Jobs.gpuClass(), BigInteger.TEN);
        String old = Gql.as(consumer, EVENTS, "id", job).extract().jsonPath()
                .<String>getList("data.jobEvents.edges.cursor").getFirst();
        time.advance(Duration.ofDays(8));
        int pruned = Commands.inTransaction(session -> deadlines.prune(session));
        assertThat(pruned).isPositive();
        try (DynamicGraphQLClient client = Jobs.client(graphql, consumer)) {
            AssertSubscriber<Response> live = subscribe(client, old);
            live.awaitItems(1, WAIT);
            JsonObject resync = events(live).getFirst();
            assertThat(resync.getString("kind")).isEqualTo("RESYNC");
            assertThat(resync.isNull("jobId")).isTrue();
            // then live events (moving time expired the old job too: its events may come first)
            String next = Jobs.submit(consumer, Jobs.gpuClass(), BigInteger.ONE);
            Await.until("the new job's events", () -> events(live).stream()
                    .filter(e -> next.equals(e.getString("jobId", null))).count() == 2);
            assertThat(events(live).stream().filter(e -> "RESYNC".equals(e.getString("kind")))).hasSize(1);
        }
    }

    @Test
    void aSubscriberThatFallsBehindIsEndedWithTheCursorToResumeFromAndMissesNothing() throws Throwable {
        TestUser consumer = Jobs.consumer(BigInteger.valueOf(1000));
        UUID consumerId = Jobs.participantId(consumer);
        JobFeed.Scope mine = new JobFeed.OfConsumer(consumerId);
        AssertSubscriber<JobEvent> slow = feed.subscribe(mine, null).subscribe()
                .withSubscriber(AssertSubscriber.create(1));
        String job = Jobs.submit(consumer, Jobs.gpuClass(), BigInteger.TEN);
        slow.awaitItems(1, WAIT);
        String delivered = slow.getItems().getFirst().cursor();
        int flood = 1_100; // beyond octo.jobs.subscriber-buffer (1,000)
        Commands.inTransaction(session -> session.createNativeQuery("""
                        WITH rows AS (
                            INSERT INTO job_event (job_id, consumer_id, state, gpu_class, memory_gb, kind, data, at)
                            SELECT j.id, j.consumer_id, j.state, j.gpu_class, j.memory_gb, 'PROGRESS',
                                   jsonb_build_object('progress', g % 100), :at
                              FROM job j, generate_series(1, :n) g WHERE j.id = :job RETURNING 1)
                        SELECT CAST(count(*) AS integer) FROM rows, pg_notify('octo_live', '{"topic":"job-events","key":""}')
                        """, Integer.class).setParameter("n", flood).setParameter("job", UUID.fromString(job))
                .setParameter("at", time.nowUtc())
                .getSingleResult());
        slow.awaitFailure(WAIT);
        assertThat(slow.getFailure()).isInstanceOf(OctoException.class);
        OctoException refusal = (OctoException) slow.getFailure();
        assertThat(refusal.details()).containsEntry("reason", "SLOW_CONSUMER").containsEntry("resumeAfter", delivered);

        AssertSubscriber<JobEvent> resumed = feed.subscribe(mine, EventPosition.of("after", delivered)).subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        resumed.awaitItems(1 + flood, WAIT); // the escrow PAYMENT, then the flood
        List<JobEvent> all = resumed.getItems();
        assertThat(all.getFirst().kind()).isEqualTo(JobEventKind.PAYMENT);
        assertThat(all.subList(1, all.size())).allMatch(e -> e.kind() == JobEventKind.PROGRESS);
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).position().after(all.get(i - 1).position())).isTrue();
        }
        resumed.cancel();
    }

    private AssertSubscriber<Response> subscribe(DynamicGraphQLClient client, String after) {
        String args = after == null ? "" : ", after: \"" + after + "\"";
        return client.subscription(CONSUMER_FEED.formatted(args)).subscribe()
                .withSubscriber(AssertSubscriber.create(10_000));
    }

    private static List<JsonObject> events(AssertSubscriber<Response> s) {
        return s.getItems().stream().map(r -> r.getData().getJsonObject("jobsUpdated")).toList();
    }

    private static List<String> kinds(AssertSubscriber<Response> s) {
        return events(s).stream().map(e -> e.getString("kind")).toList();
    }
}
