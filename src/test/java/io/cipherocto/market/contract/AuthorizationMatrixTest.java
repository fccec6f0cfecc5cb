package io.cipherocto.market.contract;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.cipherocto.market.contract.AuthorizationMatrix.Line;
import io.cipherocto.market.contract.AuthorizationMatrix.Outcome;
import io.cipherocto.market.contract.OperationProbes.Probe;
import io.cipherocto.market.core.live.LiveConnections;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.cipherocto.market.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The authorisation matrix (issue 12, part 5): every query, mutation and subscription the server serves — read from
 * its own schema, not from a list kept here — is called by anonymous and by a real Keycloak user of every role at
 * every tier (no tier, COMMUNITY, INTEGRATION, STRATEGIC), and what each gets at the door must be what
 * {@code src/test/resources/authorization-matrix.txt} says. An operation without a line there fails the test, and so
 * does a line for an operation that is gone.
 *
 * <p>At the door means: UNAUTHENTICATED or FORBIDDEN when the first error carries that code; anything else (data,
 * null, NOT_FOUND, VALIDATION, CONFLICT, INSUFFICIENT_FUNDS ...) is ALLOW — the caller got past the access check
 * to the operation's own rules. The requests come from {@link OperationProbes}: minimal arguments naming nothing
 * that exists. A subscription is classified by its first message over graphql-transport-ws ({@code error}, a
 * {@code next} with or without errors, {@code complete}); one still silent after {@link #QUIET} is open (ALLOW).
 * BAD_REQUEST, QUERY_TOO_COMPLEX, RATE_LIMITED and INTERNAL mean the probe never reached the door: the test fails
 * on them rather than guessing.
 */
@QuarkusTest
class AuthorizationMatrixTest {

    static final Path TABLE = Path.of("src", "test", "resources", "authorization-matrix.txt");
    static final Path OBSERVED = Path.of("target", "authorization-matrix-observed.tsv");
    private static final String REWRITE = "./mvnw test -Dtest=AuthorizationMatrixTest -Docto.authz.write=true";
    private static final Duration QUIET = Duration.ofSeconds(3);
    private static final Set<String> NOT_AT_THE_DOOR = Set.of("BAD_REQUEST", "QUERY_TOO_COMPLEX", "RATE_LIMITED",
            "INTERNAL");
    /** Concurrent HTTP requests: enough to finish in seconds, few enough for two shared cores. */
    private static final int PARALLEL = 8;
    private static final Logger LOG = Logger.getLogger(AuthorizationMatrixTest.class);

    @TestHTTPResource("/graphql")
    URI graphql;

    @Inject
    Vertx vertx;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** What one caller got from one operation: an outcome, or null when the probe did not reach the door. */
    record Observation(Outcome outcome, String detail) {
    }

    @Test
    void everyOperationAnswersEveryCallerAsTheTableSays() throws Exception {
        long started = System.nanoTime();
        List<Probe> probes = OperationProbes.of(given().get("/graphql/schema.graphql").then().statusCode(200)
                .extract().asString());
        assertThat(probes.stream().map(Probe::type).distinct()).as("operation types served")
                .containsExactlyElementsOf(AuthorizationMatrix.TYPES);
        Map<String, Supplier<String>> tokens = signIn();
        long signedIn = System.nanoTime();
        Map<String, Map<String, Observation>> observed = observe(probes, tokens);
        LOG.infof("authorisation matrix: %d callers signed in in %d ms, %d operations x %d callers in %d ms",
                tokens.size(), TimeUnit.NANOSECONDS.toMillis(signedIn - started), probes.size(), tokens.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signedIn));
        observed.values().forEach(byCaller -> AuthorizationMatrix.callers()
                .forEach(caller -> byCaller.putIfAbsent(caller, new Observation(null, "no answer recorded"))));
        writeObserved(probes, observed);

        List<String> text = Files.readAllLines(TABLE);
        Map<String, Line> table = AuthorizationMatrix.parse(text);
        if (Boolean.getBoolean("octo.authz.write")) {
            text = rewrite(text, table, probes, observed);
            Files.write(TABLE, text);
            table = AuthorizationMatrix.parse(text);
        }
        List<String> failures = new ArrayList<>();
        for (Probe probe : probes) {
            Map<String, Observation> byCaller = observed.get(probe.key());
            byCaller.forEach((caller, seen) -> {
                if (seen.outcome() == null) {
                    failures.add(probe.key() + " as " + caller + ": did not reach the door (" + seen.detail()
                            + "); fix the probe (OperationProbes.OVERRIDES) or the server");
                }
            });
            Line line = table.get(probe.key());
            if (line == null) {
                failures.add(probe.key() + " has no line in " + TABLE + ". What it does now:\n    "
                        + AuthorizationMatrix.format(probe.type(), probe.name(), outcomes(byCaller), null));
                continue;
            }
            byCaller.forEach((caller, seen) -> {
                if (seen.outcome() != null && seen.outcome() != line.expected(caller)) {
                    failures.add(probe.key() + " as " + caller + ": expected " + line.expected(caller) + ", got "
                            + seen.outcome() + " (" + seen.detail() + ")");
                }
            });
        }
        Set<String> served = probes.stream().map(Probe::key).collect(java.util.stream.Collectors.toSet());
        table.keySet().stream().filter(key -> !served.contains(key))
                .forEach(key -> failures.add(key + " is in " + TABLE + " but the server has no such operation"));
        http.close();
        assertThat(failures)
                .withFailMessage(() -> failures.size() + " disagreements with " + TABLE + ":\n  "
                        + String.join("\n  ", failures) + "\nAfter a deliberate change, add or edit the line (README, "
                        + "Tests: the authorisation matrix), or rewrite the table from what the server does and "
                        + "review the diff:\n  " + REWRITE)
                .isEmpty();
    }

    // ---- callers ---------------------------------------------------------------------------------------------

    /**
     * Caller name to its bearer token (null for anonymous): one fresh user per role and tier, signed in once; the
     * token is cached ({@link Tokens}) and renewed should a slow run outlive it.
     */
    private Map<String, Supplier<String>> signIn() throws Exception {
        Map<String, Supplier<String>> tokens = new LinkedHashMap<>();
        tokens.put(AuthorizationMatrix.ANONYMOUS, () -> null);
        List<String> users = AuthorizationMatrix.callers().subList(1, AuthorizationMatrix.callers().size());
        List<Callable<TestUser>> signIns = users.stream().map(caller -> (Callable<TestUser>) () -> {
            String role = caller.substring(0, caller.indexOf('/')).toLowerCase(Locale.ROOT);
            String tier = caller.substring(caller.indexOf('/') + 1);
            TestUsers.Builder builder = TestUsers.user("matrix-" + role).roles(role);
            if (!tier.equals("NONE")) {
                builder.partner(tier);
            }
            TestUser user = builder.create();
            Tokens.of(user);
            return user;
        }).toList();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<TestUser>> signedIn = pool.invokeAll(signIns);
            for (int i = 0; i < users.size(); i++) {
                TestUser user = signedIn.get(i).get();
                tokens.put(users.get(i), () -> Tokens.of(user));
            }
        }
        // the participant row is made on first use: make it once, before many requests race to
        List<Callable<Void>> first = new ArrayList<>();
        tokens.forEach((caller, token) -> {
            if (token.get() != null) {
                first.add(() -> {
                    JsonObject me = post(token.get(), "{ me { id } }", Map.of());
                    assertThat(me.getJsonArray("errors")).as("me as %s", caller).isNull();
                    return null;
                });
            }
        });
        try (ExecutorService pool = Executors.newFixedThreadPool(PARALLEL)) {
            for (Future<Void> done : pool.invokeAll(first)) {
                done.get();
            }
        }
        return tokens;
    }

    // ---- observing -------------------------------------------------------------------------------------------

    private Map<String, Map<String, Observation>> observe(List<Probe> probes, Map<String, Supplier<String>> tokens)
            throws Exception {
        Map<String, Map<String, Observation>> observed = new ConcurrentHashMap<>();
        probes.forEach(probe -> observed.put(probe.key(), new ConcurrentHashMap<>()));
        List<Probe> subscriptions = probes.stream().filter(p -> p.type().equals("subscription")).toList();
        List<Callable<Void>> requests = new ArrayList<>();
        for (Probe probe : probes) {
            if (probe.type().equals("subscription")) {
                continue;
            }
            tokens.forEach((caller, token) -> requests.add(() -> {
                observed.get(probe.key()).put(caller, request(token.get(), probe));
                return null;
            }));
        }
        List<Callable<Void>> sockets = new ArrayList<>();
        tokens.forEach((caller, token) -> sockets.add(() -> {
            subscribe(token.get(), subscriptions).forEach((key, seen) -> observed.get(key).put(caller, seen));
            return null;
        }));
        try (ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
                ExecutorService subscribers = Executors.newVirtualThreadPerTaskExecutor()) {
            long started = System.nanoTime();
            List<Future<Void>> live = sockets.stream().map(subscribers::submit).toList();
            List<Future<Void>> posted = requests.stream().map(pool::submit).toList();
            for (Future<Void> done : posted) {
                done.get(2, TimeUnit.MINUTES);
            }
            long requestsDone = System.nanoTime();
            for (Future<Void> done : live) {
                done.get(2, TimeUnit.MINUTES);
            }
            LOG.infof("authorisation matrix: %d requests in %d ms, subscriptions done after %d ms", requests.size(),
                    TimeUnit.NANOSECONDS.toMillis(requestsDone - started),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
        return observed;
    }

    private Observation request(String token, Probe probe) {
        long started = System.nanoTime();
        try {
            Observation seen = classify(post(token, probe.document(), probe.variables()).getJsonArray("errors"));
            return new Observation(seen.outcome(), seen.detail() + " ("
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms)");
        } catch (IOException | RuntimeException e) {
            return new Observation(null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Observation(null, "interrupted");
        }
    }

    private JsonObject post(String token, String document, Map<String, Object> variables)
            throws IOException, InterruptedException {
        String body = new JsonObject().put("query", document).put("variables", new JsonObject(variables)).encode();
        HttpRequest.Builder request = HttpRequest.newBuilder(graphql).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        try {
            return new JsonObject(response.body());
        } catch (RuntimeException e) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " without a GraphQL answer: "
                    + response.body(), e);
        }
    }

    /** The outcome at the door from a response's errors (null or empty: the operation answered). */
    private static Observation classify(JsonArray errors) {
        if (errors == null || errors.isEmpty()) {
            return new Observation(Outcome.ALLOW, "answered");
        }
        JsonObject first = errors.getJsonObject(0);
        JsonObject extensions = first.getJsonObject("extensions", new JsonObject());
        String code = extensions.getString("code");
        StringBuilder detail = new StringBuilder(String.valueOf(code));
        for (String key : List.of("reason", "field", "action")) {
            if (extensions.containsKey(key)) {
                detail.append(' ').append(key).append('=').append(extensions.getValue(key));
            }
        }
        if (code == null || NOT_AT_THE_DOOR.contains(code)) {
            return new Observation(null, detail + ": " + first.getString("message"));
        }
        return switch (code) {
            case "UNAUTHENTICATED" -> new Observation(Outcome.UNAUTHENTICATED, detail.toString());
            case "FORBIDDEN" -> new Observation(Outcome.FORBIDDEN, detail.toString());
            default -> new Observation(Outcome.ALLOW, detail.toString());
        };
    }

    /**
     * Every subscription in turn on one graphql-transport-ws connection of this caller (so the test stays within
     * the per-connection and per-participant caps), each ended with {@code complete} once classified.
     */
    private Map<String, Observation> subscribe(String token, List<Probe> subscriptions) throws Exception {
        Map<String, Observation> seen = new TreeMap<>();
        if (subscriptions.isEmpty()) {
            return seen;
        }
        WebSocketClient client = vertx.createWebSocketClient();
        try {
            LinkedBlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
            WebSocket ws = client.connect(new WebSocketConnectOptions().setHost(graphql.getHost())
                            .setPort(graphql.getPort()).setURI(graphql.getPath())
                            .setSubProtocols(List.of(LiveConnections.SUBPROTOCOL)))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            ws.textMessageHandler(text -> messages.add(new JsonObject(text)));
            ws.closeHandler(v -> messages.add(new JsonObject().put("type", "closed")
                    .put("detail", ws.closeStatusCode() + " " + ws.closeReason())));
            JsonObject payload = token == null ? new JsonObject()
                    : new JsonObject().put("Authorization", "Bearer " + token);
            ws.writeTextMessage(new JsonObject().put("type", "connection_init").put("payload", payload).encode());
            JsonObject ack = next(messages, ws, null, Duration.ofSeconds(30));
            if (ack == null || !"connection_ack".equals(ack.getString("type"))) {
                subscriptions.forEach(p -> seen.put(p.key(), new Observation(null, "no connection_ack: " + ack)));
                return seen;
            }
            for (Probe probe : subscriptions) {
                ws.writeTextMessage(new JsonObject().put("id", probe.name()).put("type", "subscribe")
                        .put("payload", new JsonObject().put("query", probe.document())
                                .put("variables", new JsonObject(probe.variables())))
                        .encode());
                JsonObject first = next(messages, ws, probe.name(), QUIET);
                seen.put(probe.key(), classifyLive(first));
                if (first == null || "next".equals(first.getString("type"))) {
                    ws.writeTextMessage(new JsonObject().put("id", probe.name()).put("type", "complete").encode());
                }
            }
            ws.close();
            // wait for the close handshake, so the server is not left holding the upgrade request at shutdown
            next(messages, ws, "(closed)", Duration.ofSeconds(5));
            return seen;
        } finally {
            client.close();
        }
    }

    private static Observation classifyLive(JsonObject first) {
        if (first == null) {
            return new Observation(Outcome.ALLOW, "open, silent for " + QUIET.toSeconds() + " s");
        }
        return switch (first.getString("type")) {
            case "error" -> classify(first.getJsonArray("payload"));
            case "next" -> classify(first.getJsonObject("payload").getJsonArray("errors"));
            case "complete" -> new Observation(Outcome.ALLOW, "complete");
            default -> new Observation(null, first.encode());
        };
    }

    /**
     * The next message for subscription {@code id} (null: connection-level messages), answering pings and
     * skipping what belongs to other ids; null when nothing came within {@code timeout}.
     */
    private static JsonObject next(LinkedBlockingQueue<JsonObject> messages, WebSocket ws, String id,
            Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonObject message = left <= 0 ? null : messages.poll(left, TimeUnit.NANOSECONDS);
            if (message == null) {
                return null;
            }
            String type = message.getString("type");
            if ("ping".equals(type)) {
                ws.writeTextMessage(new JsonObject().put("type", "pong").encode());
            } else if ("closed".equals(type) || java.util.Objects.equals(id, message.getString("id"))) {
                return message;
            }
        }
    }

    /** Every cell with the code and reason behind it, for a reviewer: target/authorization-matrix-observed.tsv. */
    private static void writeObserved(List<Probe> probes, Map<String, Map<String, Observation>> observed)
            throws IOException {
        List<String> out = new ArrayList<>();
        out.add("operation\tcaller\toutcome\tdetail");
        for (Probe probe : probes) {
            for (String caller : AuthorizationMatrix.callers()) {
                Observation seen = observed.get(probe.key()).get(caller);
                out.add(probe.key() + "\t" + caller + "\t" + (seen == null ? "-" : seen.outcome() + "\t"
                        + seen.detail()));
            }
        }
        Files.createDirectories(OBSERVED.getParent());
        Files.write(OBSERVED, out);
    }

    // ---- the table -------------------------------------------------------------------------------------------

    private static Map<String, Outcome> outcomes(Map<String, Observation> byCaller) {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        byCaller.forEach((caller, seen) -> outcomes.put(caller, seen.outcome()));
        return outcomes;
    }

    /** The table's header comment, then a line per served operation from what was observed (comments kept). */
    private static List<String> rewrite(List<String> text, Map<String, Line> table, List<Probe> probes,
            Map<String, Map<String, Observation>> observed) {
        List<String> out = new ArrayList<>();
        for (String line : text) {
            if (!line.isBlank() && !line.stripLeading().startsWith("#")) {
                break;
            }
            out.add(line);
        }
        if (!out.isEmpty() && !out.getLast().isBlank()) {
            out.add("");
        }
        String type = null;
        for (Probe probe : probes.stream().sorted(Comparator
                .comparing((Probe p) -> AuthorizationMatrix.TYPES.indexOf(p.type())).thenComparing(Probe::name))
                .toList()) {
            if (type != null && !type.equals(probe.type())) {
                out.add("");
            }
            type = probe.type();
            Map<String, Outcome> outcomes = outcomes(observed.get(probe.key()));
            if (outcomes.containsValue(null)) {
                continue; // not classified: reported by the test, no line guessed
            }
            Line existing = table.get(probe.key());
            out.add(AuthorizationMatrix.format(probe.type(), probe.name(), outcomes,
                    existing == null ? null : existing.comment()));
        }
        return out;
    }
}
