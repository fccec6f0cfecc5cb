package io.cipherocto.market.core.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.cipherocto.market.support.Await;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.cipherocto.market.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The graphql-transport-ws connection rules, seen from a raw WebSocket client (close codes included) against the
 * real Keycloak. The test profile sets init-timeout 2s, keep-alive 1s, 3 subscriptions per connection and 3
 * connections per participant.
 */
@QuarkusTest
class SubscriptionConnectionTest {

    private static final String ME_UPDATED = "subscription { meUpdated { username } }";

    @TestHTTPResource("/graphql")
    URI graphql;

    @Inject
    Vertx vertx;

    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void closeSockets() {
        sockets.forEach(Socket::close);
    }

    @Test
    void aForgedTokenAtInitClosesWith4403Unauthenticated() throws Exception {
        TestUser user = TestUsers.create("ws-forged", "consumer");
        String token = user.token();
        String[] parts = token.split("\\.");
        JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        claims.put("preferred_username", "someone-else");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        Socket socket = open();
        socket.init(forged);
        Close close = socket.closed(Duration.ofSeconds(10));
        assertThat(close.code()).isEqualTo(4403);
        assertThat(close.reason()).startsWith("UNAUTHENTICATED");
        assertThat(socket.received()).noneMatch(m -> m.contains("connection_ack"));
    }

    @Test
    void anExpiredTokenAtInitClosesWith4403Unauthenticated() throws Exception {
        TestUser user = TestUsers.create("ws-expired", "consumer");
        String token = Tokens.fetch(user, "octo-e2e-short");
        waitUntilExpired(token);

        Socket socket = open();
        socket.init(token);
        Close close = socket.closed(Duration.ofSeconds(10));
        assertThat(close.code()).isEqualTo(4403);
        assertThat(close.reason()).startsWith("UNAUTHENTICATED");
    }

    @Test
    void aTokenThatExpiresOnAnOpenConnectionClosesItWith4403SoClientsReconnect() throws Exception {
        TestUser user = TestUsers.create("ws-expiring", "consumer");
        String token = Tokens.fetch(user, "octo-e2e-short");
        Socket socket = open();
        socket.init(token);
        if (!socket.next(Duration.ofSeconds(5)).contains("connection_ack")) {
            return; // the 2 s token expired before the server saw it: covered by the test above
        }
        Close close = socket.closed(Duration.ofSeconds(10));
        assertThat(close.code()).isEqualTo(4403);
        assertThat(close.reason()).startsWith("UNAUTHENTICATED");
    }

    @Test
    void withoutATokenTheConnectionIsAnonymousAndMeUpdatedFailsUnauthenticated() throws Exception {
        Socket socket = open();
        socket.send(new JsonObject().put("type", "connection_init").put("payload", new JsonObject()));
        assertThat(socket.next(Duration.ofSeconds(10))).contains("connection_ack");
        socket.subscribe("1", ME_UPDATED);
        JsonObject answer = new JsonObject(socket.nextExceptPing(Duration.ofSeconds(10)));
        assertThat(answer.getString("id")).isEqualTo("1");
        assertThat(answer.getString("type")).as("the protocol's answer to a failed subscribe: %s", answer).isEqualTo("error");
        assertThat(answer.getJsonArray("payload").getJsonObject(0).getJsonObject("extensions").getString("code"))
                .isEqualTo("UNAUTHENTICATED");
        // the id is free again: no `complete` follows an `error`, and the connection stays usable
        socket.subscribe("1", "subscription { meUpdated { username } }");
        assertThat(new JsonObject(socket.nextExceptPing(Duration.ofSeconds(10))).getString("type")).isEqualTo("error");
    }

    @Test
    void aSocketThatNeverSendsConnectionInitIsClosedWith4408() throws Exception {
        Socket socket = open();
        long started = System.nanoTime();
        Close close = socket.closed(Duration.ofSeconds(8));
        assertThat(close.code()).isEqualTo(4408);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void aSecondConnectionInitClosesWith4429() throws Exception {
        TestUser user = TestUsers.create("ws-reinit", "consumer");
        Socket socket = open();
        socket.init(user.token());
        socket.init(user.token());
        assertThat(socket.closed(Duration.ofSeconds(10)).code()).isEqualTo(4429);
    }

    @Test
    void subscriptionsPerConnectionAreCappedWithRateLimited() throws Exception {
        TestUser user = TestUsers.create("ws-subcap", "consumer");
        Socket socket = acknowledged(user);
        for (String id : List.of("1", "2", "3")) {
            socket.subscribe(id, ME_UPDATED);
        }
        socket.subscribe("4", ME_UPDATED);
        JsonObject refused = socket.awaitMessage(Duration.ofSeconds(10),
                m -> "4".equals(m.getString("id")));
        assertThat(refused.getString("type")).isEqualTo("error");
        JsonObject extensions = refused.getJsonArray("payload").getJsonObject(0).getJsonObject("extensions");
        assertThat(extensions.getString("code")).isEqualTo("RATE_LIMITED");
        assertThat(extensions.getString("reason")).isEqualTo("SUBSCRIPTIONS_PER_CONNECTION");

        // completing one frees its slot; the connection stayed open
        socket.send(new JsonObject().put("id", "1").put("type", "complete"));
        socket.subscribe("5", ME_UPDATED);
        JsonObject accepted = socket.awaitMessage(Duration.ofSeconds(10), m -> "5".equals(m.getString("id")));
        assertThat(accepted.getString("type")).isEqualTo("next");
    }

    @Test
    void connectionsPerParticipantAreCappedWith4430() throws Exception {
        TestUser user = TestUsers.create("ws-conncap", "consumer");
        Socket first = acknowledged(user);
        acknowledged(user);
        acknowledged(user);

        Socket fourth = open();
        fourth.init(user.token());
        Close close = fourth.closed(Duration.ofSeconds(10));
        assertThat(close.code()).isEqualTo(4430);
        assertThat(close.reason()).startsWith("RATE_LIMITED");

        first.close();
        first.closed(Duration.ofSeconds(10));
        Socket again = open();
        again.init(user.token());
        assertThat(again.next(Duration.ofSeconds(10))).contains("connection_ack");
    }

    @Test
    void anIdleConnectionReceivesKeepAlivePings() throws Exception {
        TestUser user = TestUsers.create("ws-ping", "consumer");
        Socket socket = acknowledged(user);
        JsonObject ping = socket.awaitMessage(Duration.ofSeconds(5), m -> "ping".equals(m.getString("type")));
        assertThat(ping.getString("type")).isEqualTo("ping");
        socket.send(new JsonObject().put("type", "pong"));
        assertThat(socket.awaitMessage(Duration.ofSeconds(5), m -> "ping".equals(m.getString("type")))).isNotNull();
    }

    @Test
    void anotherSubprotocolIsRefusedWith4406() throws Exception {
        Socket socket = open("graphql-ws");
        assertThat(socket.closed(Duration.ofSeconds(10)).code()).isEqualTo(4406);
    }

    // ---- a raw client that sees every frame and the close code -----------------------------------------------

    record Close(int code, String reason) {
    }

    private Socket acknowledged(TestUser user) throws Exception {
        Socket socket = open();
        socket.init(user.token());
        // generous: the first token a fresh server verifies waits for the realm's keys
        assertThat(socket.next(Duration.ofSeconds(30))).contains("connection_ack");
        return socket;
    }

    private Socket open() throws Exception {
        return open(LiveConnections.SUBPROTOCOL);
    }

    private Socket open(String subprotocol) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient();
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(graphql.getHost()).setPort(graphql.getPort()).setURI(graphql.getPath())
                .setSubProtocols(List.of(subprotocol));
        Socket socket = new Socket(client);
        WebSocket ws = client.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        socket.attach(ws);
        sockets.add(socket);
        return socket;
    }

    private static void waitUntilExpired(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        long expiredAfterMillis = new JsonObject(payload).getLong("exp") * 1000 + 1500;
        Await.until("the 2-second token has expired", Duration.ofSeconds(10),
                () -> System.currentTimeMillis() > expiredAfterMillis);
    }

    static final class Socket {
        private final WebSocketClient client;
        private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final CompletableFuture<Close> closed = new CompletableFuture<>();
        private WebSocket ws;

        Socket(WebSocketClient client) {
            this.client = client;
        }

        void attach(WebSocket ws) {
            this.ws = ws;
            try {
                ws.textMessageHandler(m -> {
                    seen.add(m);
                    messages.add(m);
                });
                ws.closeHandler(v -> closedNow(ws));
            } catch (IllegalStateException alreadyClosed) { // the server closed it right after the handshake
                closedNow(ws);
            }
        }

        private void closedNow(WebSocket ws) {
            closed.complete(new Close(ws.closeStatusCode() == null ? -1 : ws.closeStatusCode(), ws.closeReason()));
        }

        void send(JsonObject message) {
            ws.writeTextMessage(message.encode());
        }

        void init(String token) {
            send(new JsonObject().put("type", "connection_init")
                    .put("payload", new JsonObject().put("Authorization", "Bearer " + token)));
        }

        void subscribe(String id, String query) {
            send(new JsonObject().put("id", id).put("type", "subscribe")
                    .put("payload", new JsonObject().put("query", query)));
        }

        String next(Duration timeout) throws InterruptedException {
            String message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return message == null ? "(nothing within " + timeout + ")" : message;
        }

        String nextExceptPing(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String message = next(Duration.ofNanos(deadline - System.nanoTime()));
                if (!message.contains("\"ping\"")) {
                    return message;
                }
            }
            return "(nothing within " + timeout + ")";
        }

        JsonObject awaitMessage(Duration timeout, java.util.function.Predicate<JsonObject> wanted)
                throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String message = messages.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000),
                        TimeUnit.MILLISECONDS);
                if (message != null && message.startsWith("{") && wanted.test(new JsonObject(message))) {
                    return new JsonObject(message);
                }
            }
            throw new AssertionError("no such message within " + timeout + "; seen: " + seen);
        }

        Close closed(Duration timeout) throws Exception {
            try {
                return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("still open after " + timeout + "; seen: " + seen);
            }
        }

        List<String> received() {
            return seen;
        }

        void close() {
            if (ws != null && !ws.isClosed()) {
                ws.close();
            }
            client.close();
        }
    }
}
