package io.cipherocto.market.core.live;

import io.quarkus.arc.Arc;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.smallrye.graphql.runtime.SmallRyeAuthGraphQLTransportWSSubprotocolHandler;
import io.quarkus.smallrye.graphql.runtime.SmallRyeGraphQLOverWebSocketHandler;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.graphql.websocket.GraphQLWebSocketSession;
import io.smallrye.graphql.websocket.GraphQLWebsocketHandler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The {@code graphql-transport-ws} endpoint on {@code /graphql}, with the protocol's connection rules SmallRye GraphQL
 * does not enforce. SmallRye (Quarkus 3.34.1) has no setting for an initialisation timeout, keep-alive pings or caps,
 * so this route takes WebSocket upgrades just before SmallRye's own (order -99, after authentication) and runs
 * SmallRye's {@code graphql-transport-ws} handler over a session that adds:
 * <ul>
 * <li>{@code 4408 Connection initialisation timeout} when no {@code connection_init} arrives within
 * {@code octo.subscriptions.init-timeout};</li>
 * <li>{@code 4429 Too many initialisation requests} for a second {@code connection_init} (also while the first is
 * still being authenticated);</li>
 * <li>{@code 4403} with reason {@code UNAUTHENTICATED: ...} for a token at {@code connection_init} that is forged,
 * malformed or expired, and when the token of an open connection expires (SmallRye closes with 1008, which the
 * reference client treats as fatal; 4403 makes it reconnect with fresh connection params);</li>
 * <li>an {@code error} message with {@code RATE_LIMITED} / {@code SUBSCRIPTIONS_PER_CONNECTION} for a subscribe
 * beyond {@code octo.subscriptions.max-per-connection} (the connection stays open), and
 * {@code SUBSCRIPTIONS_PER_REPLICA} beyond {@code octo.subscriptions.max-per-replica} on this server (each live
 * operation holds ~110 KB of heap, mostly SmallRye's per-operation DataLoader registry);</li>
 * <li>{@code 4430 RATE_LIMITED: ...} instead of {@code connection_ack} when the participant already holds
 * {@code octo.subscriptions.max-connections-per-participant} connections on this replica;</li>
 * <li>a protocol {@code ping} every {@code octo.subscriptions.keep-alive} after the acknowledgement, so idle proxies
 * keep quiet feeds open;</li>
 * <li>an {@code error} message (and no {@code complete}) for an operation that fails before producing any data, e.g.
 * {@code meUpdated} without a token ({@code UNAUTHENTICATED}): SmallRye sends a {@code next} carrying the errors;</li>
 * <li>{@code 4406 Subprotocol not acceptable} for any subprotocol but {@code graphql-transport-ws}.</li>
 * <li>{@code 4431 SLOW_CONSUMER: ...} when more than {@code octo.subscriptions.max-pending-bytes} of messages wait
 * to be written to a socket that does not read: the server never buffers without bound; the client reconnects and
 * resumes each job subscription from its last cursor.</li>
 * </ul>
 * SmallRye itself answers {@code 4400} (bad message), {@code 4401} (subscribe before acknowledgement) and {@code 4409}
 * (an operation id already in use).
 */
@ApplicationScoped
public class LiveConnections {

    public static final String SUBPROTOCOL = "graphql-transport-ws";
    public static final short FORBIDDEN = 4403;
    public static final short SUBPROTOCOL_NOT_ACCEPTABLE = 4406;
    public static final short INIT_TIMEOUT = 4408;
    public static final short TOO_MANY_INITIALISATION_REQUESTS = 4429;
    public static final short TOO_MANY_CONNECTIONS = 4430;
    public static final short SLOW_CONSUMER = 4431;

    private static final Logger LOG = Logger.getLogger(LiveConnections.class);
    private static final String PING = new JsonObject().put("type", "ping").encode();

    private final Duration initTimeout;
    private final int maxPerConnection;
    private final int maxConnectionsPerParticipant;
    private final Duration keepAlive;
    private final Optional<String> initPayloadAuthorization;
    private final long maxPendingBytes;
    private final int maxPerReplica;
    /** Connections this replica closed with 4431 because their clients stopped reading. */
    private final java.util.concurrent.atomic.AtomicLong slowConsumerCloses = new java.util.concurrent.atomic.AtomicLong();
    /** Live operations on this replica, all connections together. */
    private final AtomicInteger operationsOnReplica = new AtomicInteger();
    private final Map<String, AtomicInteger> connectionsByParticipant = new ConcurrentHashMap<>();

    LiveConnections(
            @ConfigProperty(name = "octo.subscriptions.init-timeout", defaultValue = "10s") Duration initTimeout,
            @ConfigProperty(name = "octo.subscriptions.max-per-connection", defaultValue = "20") int maxPerConnection,
            @ConfigProperty(name = "octo.subscriptions.max-connections-per-participant", defaultValue = "10")
            int maxConnectionsPerParticipant,
            @ConfigProperty(name = "octo.subscriptions.keep-alive", defaultValue = "25s") Duration keepAlive,
            @ConfigProperty(name = "quarkus.smallrye-graphql.authorization-client-init-payload-name")
            Optional<String> initPayloadAuthorization,
            @ConfigProperty(name = "octo.subscriptions.max-pending-bytes", defaultValue = "1048576") long maxPendingBytes,
            @ConfigProperty(name = "octo.subscriptions.max-per-replica", defaultValue = "2000") int maxPerReplica) {
        this.initTimeout = initTimeout;
        this.maxPerConnection = maxPerConnection;
        this.maxConnectionsPerParticipant = maxConnectionsPerParticipant;
        this.keepAlive = keepAlive;
        this.initPayloadAuthorization = initPayloadAuthorization;
        this.maxPendingBytes = maxPendingBytes;
        this.maxPerReplica = maxPerReplica;
    }

    /** Connections closed with 4431 SLOW_CONSUMER so far (for tests and diagnostics). */
    public long slowConsumerCloses() {
        return slowConsumerCloses.get();
    }

    /** Live operations on this replica (for tests and diagnostics). */
    public int operationsOnReplica() {
        return operationsOnReplica.get();
    }

    void install(@Observes Router router) {
        CurrentIdentityAssociation identities = Arc.container().instance(CurrentIdentityAssociation.class).get();
        CurrentVertxRequest requests = Arc.container().instance(CurrentVertxRequest.class).get();
        // -100: after authentication (a filter, so a lower order), before SmallRye's own WebSocket route (-99).
        router.route("/graphql").order(-100).handler(new Upgrade(identities, requests));
    }

    /** Open connections of a participant on this replica (for tests and diagnostics). */
    public int connectionsOf(String participant) {
        AtomicInteger count = connectionsByParticipant.get(participant);
        return count == null ? 0 : count.get();
    }

    private boolean admit(String participant) {
        AtomicInteger count = connectionsByParticipant.computeIfAbsent(participant, p -> new AtomicInteger());
        if (count.incrementAndGet() > maxConnectionsPerParticipant) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    private void release(String participant) {
        connectionsByParticipant.computeIfPresent(participant, (p, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /** SmallRye's WebSocket handler (security and request context, metadata), with our session around the socket. */
    private final class Upgrade extends SmallRyeGraphQLOverWebSocketHandler {

        Upgrade(CurrentIdentityAssociation identities, CurrentVertxRequest requests) {
            super(identities, requests, false, initPayloadAuthorization);
        }

        @Override
        public void handle(RoutingContext ctx) {
            HttpServerRequest request = ctx.request();
            if (request.headers().contains(HttpHeaders.UPGRADE, HttpHeaders.WEBSOCKET, true) && !request.isEnded()) {
                super.handle(ctx);
            } else {
                ctx.next();
            }
        }

        @Override
        protected void doHandle(RoutingContext ctx) {
            Map<String, Object> metadata = getMetaData(ctx);
            ctx.request().toWebSocket().onComplete(upgraded -> {
                if (upgraded.failed()) {
                    LOG.debugf("WebSocket upgrade failed: %s", upgraded.cause().toString());
                    return;
                }
                ServerWebSocket socket = upgraded.result();
                if (!SUBPROTOCOL.equals(socket.subProtocol())) {
                    socket.close(SUBPROTOCOL_NOT_ACCEPTABLE, "Subprotocol not acceptable");
                    return;
                }
                Connection connection = new Connection(socket, ctx);
                connection.start(new SmallRyeAuthGraphQLTransportWSSubprotocolHandler(
                        connection, metadata, ctx, this, initPayloadAuthorization));
            });
        }
    }

    /** One socket: the protocol's connection rules around SmallRye's handler. */
    private final class Connection implements GraphQLWebSocketSession {

        private final ServerWebSocket socket;
        private final RoutingContext ctx;
        private final Vertx vertx;
        private final AtomicBoolean initReceived = new AtomicBoolean();
        private final AtomicBoolean acknowledged = new AtomicBoolean();
        private final Set<String> operations = ConcurrentHashMap.newKeySet();
        private final Set<String> started = ConcurrentHashMap.newKeySet();
        private final Set<String> failed = ConcurrentHashMap.newKeySet();
        /** Characters handed to the socket and not yet written out (a client that does not read makes it grow). */
        private final java.util.concurrent.atomic.AtomicLong pending = new java.util.concurrent.atomic.AtomicLong();
        private volatile GraphQLWebsocketHandler protocol;
        private volatile String participant;
        private volatile long initTimer = -1;
        private volatile long pingTimer = -1;

        Connection(ServerWebSocket socket, RoutingContext ctx) {
            this.socket = socket;
            this.ctx = ctx;
            this.vertx = ctx.vertx();
        }

        void start(GraphQLWebsocketHandler protocol) {
            this.protocol = protocol;
            initTimer = vertx.setTimer(Math.max(1, initTimeout.toMillis()), id -> {
                if (!initReceived.get()) {
                    close(INIT_TIMEOUT, "Connection initialisation timeout");
                }
            });
            socket.closeHandler(v -> {
                operations.forEach(this::untrack);
                vertx.cancelTimer(initTimer);
                vertx.cancelTimer(pingTimer);
                String admitted = participant;
                if (admitted != null) {
                    participant = null;
                    release(admitted);
                }
                protocol.onClose();
            });
            socket.endHandler(v -> protocol.onEnd());
            socket.exceptionHandler(protocol::onThrowable);
            socket.textMessageHandler(text -> onText(text, protocol));
        }

        private void onText(String text, GraphQLWebsocketHandler protocol) {
            JsonObject message;
            try {
                message = new JsonObject(text);
            } catch (DecodeException | ClassCastException e) {
                protocol.onMessage(text); // SmallRye closes with 4400
                return;
            }
            String type = message.getValue("type") instanceof String s ? s : "";
            String id = message.getValue("id") instanceof String s ? s : null;
            switch (type) {
                case "connection_init" -> {
                    if (initReceived.getAndSet(true)) {
                        close(TOO_MANY_INITIALISATION_REQUESTS, "Too many initialisation requests");
                        return;
                    }
                    vertx.cancelTimer(initTimer);
                }
                case "subscribe" -> {
                    if (id != null && acknowledged.get() && !operations.contains(id)) {
                        failed.remove(id); // an id is free again once its operation ended
                        started.remove(id);
                        if (operations.size() >= maxPerConnection) {
                            refuse(id, SubscriptionLimit.SUBSCRIPTIONS_PER_CONNECTION, maxPerConnection,
                                    "at most " + maxPerConnection + " subscriptions per connection");
                            return;
                        }
                        if (operationsOnReplica.get() >= maxPerReplica) {
                            refuse(id, SubscriptionLimit.SUBSCRIPTIONS_PER_REPLICA, maxPerReplica,
                                    "this server carries " + maxPerReplica + " subscriptions; retry with backoff");
                            return;
                        }
                        track(id);
                    }
                }
                case "complete" -> {
                    if (id != null) {
                        untrack(id);
                        started.remove(id);
                        if (failed.remove(id)) {
                            return; // already over
                        }
                    }
                }
                default -> {
                }
            }
            protocol.onMessage(text);
        }

        private void refuse(String id, SubscriptionLimit limit, int value, String message) {
            JsonObject error = new JsonObject()
                    .put("message", message)
                    .put("extensions", new JsonObject().put("code", limit.code().name())
                            .put("reason", limit.name()).put("limit", value));
            socket.writeTextMessage(new JsonObject().put("id", id).put("type", "error")
                    .put("payload", new JsonArray().add(error)).encode());
        }

        private void track(String id) {
            if (operations.add(id)) {
                operationsOnReplica.incrementAndGet();
            }
        }

        private void untrack(String id) {
            if (operations.remove(id)) {
                operationsOnReplica.decrementAndGet();
            }
        }

        @Override
        public void sendMessage(String message) {
            if (socket.isClosed()) {
                return;
            }
            if (message.contains("\"connection_ack\"") && !acknowledged.get() && isType(message, "connection_ack")) {
                if (!onAcknowledge()) {
                    return;
                }
            } else if (message.contains("\"complete\"") || message.contains("\"error\"")
                    || message.contains("\"errors\"")) {
                JsonObject sent = new JsonObject(message);
                Object type = sent.getValue("type");
                if (sent.getValue("id") instanceof String id) {
                    if (failed.contains(id)) {
                        if ("complete".equals(type)) {
                            failed.remove(id); // already ended by the error message
                        }
                        return;
                    }
                    if ("next".equals(type) && !started.contains(id) && failedBeforeAnyData(sent)) {
                        // The operation failed before producing data: the protocol's answer is one `error`
                        // message (and no `complete`); SmallRye sends a `next` with errors, so translate it.
                        failed.add(id);
                        untrack(id);
                        socket.writeTextMessage(new JsonObject().put("id", id).put("type", "error")
                                .put("payload", sent.getJsonObject("payload").getJsonArray("errors")).encode());
                        protocol.onMessage(new JsonObject().put("id", id).put("type", "complete").encode());
                        return;
                    }
                    if ("complete".equals(type) || "error".equals(type)) {
                        untrack(id);
                        started.remove(id);
                    }
                }
            }
            if (message.contains("\"next\"")) {
                markStarted(message);
            }
            long size = message.length();
            if (pending.addAndGet(size) > maxPendingBytes) {
                LOG.debugf("closing %s: %d characters wait to be written", this, pending.get());
                slowConsumerCloses.incrementAndGet();
                close(SLOW_CONSUMER, "SLOW_CONSUMER: the client does not read; reconnect and resume from your cursors");
                return;
            }
            socket.writeTextMessage(message).onComplete(written -> pending.addAndGet(-size));
        }

        private void markStarted(String message) {
            JsonObject sent = new JsonObject(message);
            if ("next".equals(sent.getValue("type")) && sent.getValue("id") instanceof String id) {
                started.add(id);
            }
        }

        private static boolean failedBeforeAnyData(JsonObject next) {
            JsonObject payload = next.getValue("payload") instanceof JsonObject p ? p : null;
            if (payload == null || !(payload.getValue("errors") instanceof JsonArray errors) || errors.isEmpty()) {
                return false;
            }
            // no data: `data` null, or the (single) root field of the subscription null
            Object data = payload.getValue("data");
            return data == null || data instanceof JsonObject fields && fields.stream().allMatch(f -> f.getValue() == null);
        }

        /** Admits the participant (or closes with 4430) and starts the keep-alive pings. */
        private boolean onAcknowledge() {
            SecurityIdentity identity = ctx.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
            if (identity != null && !identity.isAnonymous()) {
                String name = identity.getPrincipal().getName();
                LOG.debugf("admitting %s (%d open)", name, connectionsOf(name));
                if (!admit(name)) {
                    close(TOO_MANY_CONNECTIONS, "RATE_LIMITED: at most " + maxConnectionsPerParticipant
                            + " connections per participant");
                    return false;
                }
                participant = name;
                if (socket.isClosed()) { // closed while admitting: the close handler may have run already
                    participant = null;
                    release(name);
                }
            }
            acknowledged.set(true);
            if (!keepAlive.isZero() && !keepAlive.isNegative()) {
                pingTimer = vertx.setPeriodic(keepAlive.toMillis(), id -> {
                    if (!socket.isClosed()) {
                        socket.writeTextMessage(PING);
                    }
                });
            }
            return true;
        }

        private static boolean isType(String message, String type) {
            try {
                return type.equals(new JsonObject(message).getValue("type"));
            } catch (DecodeException e) {
                return false;
            }
        }

        @Override
        public void close(short code, String reason) {
            short sent = code;
            String why = reason;
            if (code == FORBIDDEN && !acknowledged.get()) {
                why = "UNAUTHENTICATED: invalid or expired token; fetch a new one and reconnect";
            } else if (code == 1008) { // SmallRye: "Authentication expired" on an open connection
                sent = FORBIDDEN;
                why = "UNAUTHENTICATED: token expired; reconnect with a fresh one";
            }
            if (!socket.isClosed()) {
                socket.close(sent, why);
            }
        }

        @Override
        public boolean isClosed() {
            return socket.isClosed();
        }

        @Override
        public String toString() {
            return "graphql-transport-ws " + socket.remoteAddress();
        }
    }
}
