package io.cipherocto.market.core.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.cipherocto.market.support.Commands;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Limits that protect a replica's memory, in a profile with small ones. A client that stops reading its socket is cut off with 4431 once more than {@code max-pending-bytes} wait to be
 * written: the server never buffers without bound. The subscription's own event buffer is set high here, so the socket
 * rule is what trips.
 */
@QuarkusTest
@TestProfile(SlowSocketTest.SmallWriteQueue.class)
class SlowSocketTest {

    public static class SmallWriteQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("octo.subscriptions.max-pending-bytes", "262144", "octo.jobs.subscriber-buffer", "1000000",
                    "octo.subscriptions.max-per-replica", "2");
        }
    }

    @TestHTTPResource("/graphql")
    URI graphql;

    @Inject
    Vertx vertx;

    @Inject
    LiveConnections connections;

    @Test
    void aSocketThatStopsReadingIsClosedWith4431() throws Throwable {
        TestUser consumer = TestUsers.create("slowreader", "consumer");
        UUID consumerId = UUID.fromString(Gql.as(consumer, "{ me { id } }").extract().path("data.me.id"));
        // the job is only the topic of the feed here: a row is enough (its money is tested elsewhere)
        UUID jobId = Commands.inTransaction(session -> session.createNativeQuery("""
                        INSERT INTO job (id, kind, consumer_id, gpu_class, memory_gb, max_duration_seconds, budget,
                               fee_bps, state, reason, since, deadline, queue_expires_at, created_at)
                        VALUES (gen_random_uuid(), 'INFERENCE', :c, 'SLOW', 1, 60, 1, 0, 'QUEUED', 'SUBMITTED', now(),
                               now() + interval '1 day', now() + interval '1 day', now()) RETURNING id""", UUID.class)
                .setParameter("c", consumerId).getSingleResult());

        WebSocketClient client = vertx.createWebSocketClient();
        WebSocket ws = client.connect(new WebSocketConnectOptions().setHost(graphql.getHost())
                        .setPort(graphql.getPort()).setURI(graphql.getPath())
                        .setSubProtocols(List.of(LiveConnections.SUBPROTOCOL)))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        AtomicLong received = new AtomicLong();
        CompletableFuture<Short> closed = new CompletableFuture<>();
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        ws.textMessageHandler(m -> {
            received.addAndGet(m.length());
            if (m.contains("connection_ack")) {
                acknowledged.complete(null);
            }
        });
        ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
        ws.writeTextMessage(new JsonObject().put("type", "connection_init")
                .put("payload", new JsonObject().put("Authorization", "Bearer " + consumer.token())).encode());
        acknowledged.get(30, TimeUnit.SECONDS);
        long before = connections.slowConsumerCloses();
        ws.writeTextMessage(new JsonObject().put("id", "1").put("type", "subscribe").put("payload", new JsonObject()
                .put("query", "subscription { jobUpdated(jobId: \"" + jobId + "\") { cursor logLines } }")).encode());
        io.cipherocto.market.support.Await.until("subscribed", () -> connections.operationsOnReplica() == 1);
        ws.pause(); // stop reading: the kernel's buffers fill, then the server's write queue

        // 40,000 events of ~1 KB: far more than the socket buffers and the server's 256 KiB allowance
        Commands.inTransaction(session -> session.createNativeQuery("""
                        WITH rows AS (
                            INSERT INTO job_event (job_id, consumer_id, state, gpu_class, memory_gb, kind, data, at)
                            SELECT :job, :c, 'QUEUED', 'SLOW', 1, 'LOG',
                                   jsonb_build_object('lines', jsonb_build_array(repeat('x', 1000))), now()
                              FROM generate_series(1, 40000) RETURNING 1)
                        SELECT CAST(count(*) AS integer) FROM rows, pg_notify('octo_live', '{"topic":"job-events","key":""}')
                        """, Integer.class).setParameter("job", jobId).setParameter("c", consumerId).getSingleResult());

        // the server writes until its allowance is used up, then closes (its close frame waits behind the data)
        io.cipherocto.market.support.Await.until("the server gave up on the slow socket", Duration.ofSeconds(60),
                () -> connections.slowConsumerCloses() > before);
        ws.resume();
        short code = closed.get(60, TimeUnit.SECONDS);
        assertThat(code).isEqualTo(LiveConnections.SLOW_CONSUMER);
        assertThat(received.get()).as("characters the client got before the close").isLessThan(40_000L * 1_000);
        client.close();
    }

    @Test
    void aReplicaCarriesAtMostItsCapOfLiveOperations() throws Throwable {
        TestUser user = TestUsers.create("capped", "consumer");
        WebSocketClient client = vertx.createWebSocketClient();
        WebSocket ws = client.connect(new WebSocketConnectOptions().setHost(graphql.getHost())
                        .setPort(graphql.getPort()).setURI(graphql.getPath())
                        .setSubProtocols(List.of(LiveConnections.SUBPROTOCOL)))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        java.util.concurrent.LinkedBlockingQueue<JsonObject> messages = new java.util.concurrent.LinkedBlockingQueue<>();
        ws.textMessageHandler(m -> messages.add(new JsonObject(m)));
        ws.writeTextMessage(new JsonObject().put("type", "connection_init")
                .put("payload", new JsonObject().put("Authorization", "Bearer " + user.token())).encode());
        assertThat(next(messages, "connection_ack").getString("type")).isEqualTo("connection_ack");
        try {
        for (int i = 1; i <= 3; i++) {
            ws.writeTextMessage(new JsonObject().put("id", "s" + i).put("type", "subscribe").put("payload",
                    new JsonObject().put("query", "subscription { meUpdated { username } }")).encode());
        }
        JsonObject refused = next(messages, "error");
        assertThat(refused.getString("id")).isEqualTo("s3");
        JsonObject extensions = refused.getJsonArray("payload").getJsonObject(0).getJsonObject("extensions");
        assertThat(extensions.getString("code")).isEqualTo("RATE_LIMITED");
        assertThat(extensions.getString("reason")).isEqualTo("SUBSCRIPTIONS_PER_REPLICA");
        assertThat(extensions.getInteger("limit")).isEqualTo(2);
        // completing one frees its place
        ws.writeTextMessage(new JsonObject().put("id", "s1").put("type", "complete").encode());
        io.cipherocto.market.support.Await.until("a place free", () -> connections.operationsOnReplica() == 1);
        ws.writeTextMessage(new JsonObject().put("id", "s5").put("type", "subscribe").put("payload",
                new JsonObject().put("query", "subscription { meUpdated { username } }")).encode());
        JsonObject accepted = next(messages, "next", "s5");
        assertThat(accepted.getString("id")).isEqualTo("s5");
        } finally {
            ws.close();
        }
        io.cipherocto.market.support.Await.until("closing frees all", () -> connections.operationsOnReplica() == 0);
        client.close();
    }

    private static JsonObject next(java.util.concurrent.BlockingQueue<JsonObject> messages, String type,
            String... id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            JsonObject m = messages.poll(1, TimeUnit.SECONDS);
            if (m != null && type.equals(m.getString("type")) && (id.length == 0 || id[0].equals(m.getString("id")))) {
                return m;
            }
        }
        throw new AssertionError("no " + type + " message");
    }
}
