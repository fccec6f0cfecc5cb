package io.cipherocto.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.cipherocto.market.support.Await;
import io.cipherocto.market.support.ExternalPostgres;
import io.cipherocto.market.support.KeycloakResource;
import io.cipherocto.market.support.PackagedServer;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.smallrye.graphql.client.Response;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;
import io.smallrye.graphql.client.vertx.dynamic.VertxDynamicGraphQLClientBuilder;
import io.smallrye.graphql.client.websocket.WebsocketSubprotocol;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import jakarta.json.JsonObject;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Job events across two packaged servers (prod profile, env-only configuration) on one database of the system
 * PostgreSQL: a job submitted through replica two reaches a subscriber of replica one through the event table and
 * its notices, and a subscriber that disconnects and resumes on replica one with its last cursor receives exactly
 * the events committed through replica two meanwhile, once each, in order.
 */
@Tag("slow")
class JobReplicasIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final BigInteger FUNDS = BigInteger.valueOf(10_000);
    private static final String SUBMIT = "mutation($i: SubmitJobInput!) { submitJob(input: $i) { id state } }";
    private static final String CANCEL = "mutation($id: ID!) { cancelJob(id: $id, reason: \"replicas\") { state } }";
    private static final String EVENT_FIELDS = "cursor kind jobId state previousState reason payment { kind amount }";
    private static final String FROM_NOW = "subscription { jobsUpdated(scope: CONSUMER) { " + EVENT_FIELDS + " } }";
    private static final String RESUME = "subscription($after: String) { jobsUpdated(scope: CONSUMER, after: $after) { "
            + EVENT_FIELDS + " } }";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aSubscriberOfOneReplicaResumesExactlyAfterJobChangesThroughTheOther() throws Exception {
        ExternalPostgres.assumeReachable("job events across two replicas");
        new KeycloakResource().start();
        String database = ExternalPostgres.createDatabase("octo_market_job_replicas_it_");
        Map<String, String> env = new HashMap<>(ExternalPostgres.datasourceEnv(database));
        env.put("QUARKUS_PROFILE", "prod");
        env.put("OCTO_KEYCLOAK_URL", KeycloakResource.URL);
        env.put("QUARKUS_SHUTDOWN_TIMEOUT", "5s"); // see TwoReplicasIT
        try (PackagedServer one = PackagedServer.startExactly("job-replica-1", env)) {
            one.awaitReady(http); // one migrates first; two then finds the schema current
            try (PackagedServer two = PackagedServer.startExactly("job-replica-2", env)) {
                two.awaitReady(http);
                TestUser consumer = TestUsers.create("jobreplicas", "consumer");
                UUID consumerId = UUID.fromString(one.graphqlData(http, "{ me { id } }", null, consumer.token())
                        .getString("data.me.id"));
                UUID model = fundAndPublishModel(database, consumerId);

                // live: registered on one before the job exists, so its events come through one's pump
                String job;
                String resumeAfter;
                try (DynamicGraphQLClient client = client(one, consumer)) {
                    AssertSubscriber<Response> feed = client.subscription(FROM_NOW)
                            .subscribe().withSubscriber(AssertSubscriber.create(100));
                    Await.until("replica one counts the subscriber", WAIT, () -> jobSubscribers(one),
                            n -> n >= 1, () -> "; failure " + feed.getFailure() + "; replica one:\n" + one.tail(30));

                    job = two.graphqlData(http, SUBMIT, "{\"i\": {\"kind\": \"INFERENCE\", \"modelId\": \"" + model
                            + "\", \"gpuClass\": \"REPLICAS\", \"memoryGb\": 40, \"maxDurationSeconds\": 3600, "
                            + "\"budget\": \"1000\"}}", consumer.token()).getString("data.submitJob.id");

                    List<JsonObject> live = await(feed, 2, "SUBMITTED and PAYMENT of the job submitted on two", one);
                    assertThat(live).extracting(e -> e.getString("kind")).containsExactly("SUBMITTED", "PAYMENT");
                    assertThat(live).allSatisfy(e -> assertThat(e.getString("jobId")).isEqualTo(job));
                    assertThat(live.get(1).getJsonObject("payment").getString("kind")).isEqualTo("ESCROW");
                    resumeAfter = live.get(1).getString("cursor");
                }

                // missed while disconnected: the cancellation through two
                assertThat(two.graphqlData(http, CANCEL, "{\"id\": \"" + job + "\"}", consumer.token())
                        .getString("data.cancelJob.state")).isEqualTo("CANCELLED");

                try (DynamicGraphQLClient client = client(one, consumer)) {
                    AssertSubscriber<Response> feed = client.subscription(RESUME, Map.of("after", resumeAfter))
                            .subscribe().withSubscriber(AssertSubscriber.create(100));
                    List<JsonObject> missed = await(feed, 2, "the events missed while disconnected", one);
                    assertThat(missed).extracting(e -> e.getString("kind"))
                            .containsExactly("STATE_CHANGED", "PAYMENT");
                    assertThat(missed.get(0).getString("state")).isEqualTo("CANCELLED");
                    assertThat(missed.get(0).getString("previousState")).isEqualTo("QUEUED");
                    assertThat(missed.get(1).getJsonObject("payment").getString("kind")).isEqualTo("REFUND");
                    assertThat(missed.get(1).getJsonObject("payment").getString("amount")).isEqualTo("1000");
                    assertThat(missed).allSatisfy(e -> assertThat(e.getString("jobId")).isEqualTo(job));

                    // "once": a later job's events come right after them, with nothing repeated in between
                    String next = two.graphqlData(http, SUBMIT, "{\"i\": {\"kind\": \"INFERENCE\", \"modelId\": \""
                            + model + "\", \"gpuClass\": \"REPLICAS\", \"memoryGb\": 40, \"maxDurationSeconds\": 3600, "
                            + "\"budget\": \"1000\"}}", consumer.token()).getString("data.submitJob.id");
                    List<JsonObject> all = await(feed, 4, "the next job's events after the missed ones", one);
                    assertThat(all).extracting(e -> e.getString("jobId") + " " + e.getString("kind"))
                            .containsExactly(job + " STATE_CHANGED", job + " PAYMENT", next + " SUBMITTED",
                                    next + " PAYMENT");
                    assertThat(all).extracting(e -> e.getString("cursor")).doesNotHaveDuplicates()
                            .doesNotContain(resumeAfter);
                    assertThat(feed.getFailure()).isNull();
                }
                two.stopGracefully();
            }
            one.stopGracefully();
        } finally {
            ExternalPostgres.dropDatabase(database);
        }
    }

    private static DynamicGraphQLClient client(PackagedServer server, TestUser user) {
        return new VertxDynamicGraphQLClientBuilder().url("http://127.0.0.1:" + server.port() + "/graphql")
                .subprotocols(WebsocketSubprotocol.GRAPHQL_TRANSPORT_WS)
                .initPayload(Map.of("Authorization", "Bearer " + user.token())).build();
    }

    /** Waits until {@code feed} holds {@code count} events (at most {@link #WAIT}); all its events so far. */
    private static List<JsonObject> await(AssertSubscriber<Response> feed, int count, String what, PackagedServer one) {
        Await.until(what, WAIT, () -> feed.getItems().size(), n -> n >= count,
                () -> "; failure " + feed.getFailure() + "; replica one:\n" + one.tail(30));
        return feed.getItems().stream().map(r -> {
            assertThat(r.getErrors()).as("errors of %s", r).isNullOrEmpty();
            return r.getData().getJsonObject("jobsUpdated");
        }).toList();
    }

    /** The live job subscriptions replica {@code server} holds (its octo_job_subscribers gauge). */
    private int jobSubscribers(PackagedServer server) throws Exception {
        return server.get(http, "/q/metrics").body().lines().filter(l -> l.startsWith("octo_job_subscribers"))
                .map(l -> (int) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    /**
     * Credits the consumer with {@link #FUNDS} the way a mirrored vault deposit does (one ledger transaction: VAULT
     * −X, the consumer's AVAILABLE +X; the entry trigger moves the balances, the deferred trigger checks the sum at
     * commit) and publishes a model to run jobs on, straight on the replicas' database (the chain is off).
     */
    private static UUID fundAndPublishModel(String database, UUID consumer) throws Exception {
        UUID tx = UUID.randomUUID();
        UUID model = UUID.randomUUID();
        try (Connection c = ExternalPostgres.connect(database)) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO ledger_account (participant_id, kind) "
                    + "VALUES (?, 'AVAILABLE') ON CONFLICT (participant_id, kind) DO NOTHING")) {
                s.setObject(1, consumer);
                s.executeUpdate();
            }
            update(c, "INSERT INTO ledger_transaction (id, kind, ref) VALUES (?, 'DEPOSIT', ?)", tx,
                    "it-credit:" + tx);
            update(c, "INSERT INTO ledger_entry (transaction_id, account_id, amount) SELECT ?, id, ? FROM ledger_account "
                    + "WHERE kind = 'VAULT' AND participant_id IS NULL", tx, new java.math.BigDecimal(FUNDS.negate()));
            update(c, "INSERT INTO ledger_entry (transaction_id, account_id, amount) SELECT ?, id, ? FROM ledger_account "
                    + "WHERE kind = 'AVAILABLE' AND participant_id = ?", tx, new java.math.BigDecimal(FUNDS), consumer);
            update(c, "INSERT INTO model (id, owner_id, name, version, base_model, licence, weights_hash, "
                    + "price_per_inference, created_at, updated_at) VALUES (?, ?, 'replicas-model', '1.0', 'llama-3-8b', "
                    + "'apache-2.0', ?, 0, now(), now())", model, consumer, "ab".repeat(32));
            c.commit();
        }
        return model;
    }

    private static void update(Connection c, String sql, Object... args) throws Exception {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            assertThat(s.executeUpdate()).as(sql).isEqualTo(1);
        }
    }
}
