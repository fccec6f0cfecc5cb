package io.cipherocto.market.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.path.json.JsonPath;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged server ({@code java -Xmx512m -jar target/quarkus-app/quarkus-run.jar}, prod profile) as a child
 * process, configured only through the env it is given, as in production. Its output goes to
 * {@code target/packaged-server-it-<name>.log}. Closing it always ends the process (and its children); so does the
 * test JVM's exit.
 */
public final class PackagedServer implements AutoCloseable {

    public static final Path BASEDIR = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    public static final Path JAR = BASEDIR.resolve("target/quarkus-app/quarkus-run.jar");

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    /** Env prefixes a server never inherits from the caller: only the scenario picks database, identity and chain. */
    private static final List<String> NOT_INHERITED = List.of("QUARKUS_DATASOURCE_", "OCTO_CHAIN_", "OCTO_KEYCLOAK_",
            "OCTO_EMBEDDED_DB_ENABLED", "QUARKUS_PROFILE");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Process process;
    private final int port;
    private final Path logFile;
    private final Thread reaper;

    private PackagedServer(String name, Process process, int port, Path logFile) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.logFile = logFile;
        // Should the test JVM die first, the server (and its embedded PostgreSQL) must not outlive it.
        this.reaper = new Thread(this::terminate, "packaged-server-reaper-" + name);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * Starts the server on a free port with {@code env} and the {@linkplain #local local conveniences} added to the
     * caller's environment, minus any inherited {@code QUARKUS_DATASOURCE_*} / {@code OCTO_CHAIN_*} /
     * {@code OCTO_KEYCLOAK_*} variable. Does not wait: see {@link #awaitReady}.
     */
    public static PackagedServer start(String name, Map<String, String> env) throws IOException {
        return startExactly(name, local(env));
    }

    /**
     * What a local run of the jar adds to the prod profile, which has no local defaults (README "Configuration"),
     * unless {@code env} sets it: the test Keycloak ({@link KeycloakResource#URL}), and the embedded PostgreSQL
     * when no datasource is given.
     */
    public static Map<String, String> local(Map<String, String> env) {
        Map<String, String> local = new java.util.HashMap<>(env);
        local.putIfAbsent("OCTO_KEYCLOAK_URL", KeycloakResource.URL);
        if (!env.containsKey("QUARKUS_DATASOURCE_REACTIVE_URL")) {
            local.putIfAbsent("OCTO_EMBEDDED_DB_ENABLED", "true");
        }
        return local;
    }

    /**
     * Like {@link #start} but with exactly {@code env} (plus the caller's environment minus the variables a
     * scenario picks): the production configuration, no local conveniences.
     */
    public static PackagedServer startExactly(String name, Map<String, String> env) throws IOException {
        assertThat(JAR).as("packaged server (run ./mvnw verify, which packages it first)").isRegularFile();
        int port = freePort();
        Path logFile = BASEDIR.resolve("target/packaged-server-it-" + name + ".log");
        Files.createDirectories(logFile.getParent());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dquarkus.http.port=" + port, "-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(BASEDIR.toFile())
                .redirectErrorStream(true).redirectOutput(logFile.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().keySet().removeIf(key -> NOT_INHERITED.stream().anyMatch(key::startsWith));
        builder.environment().putAll(env);
        return new PackagedServer(name, builder.start(), port, logFile);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits (at most 90 s) until {@code /q/health/ready} answers 200, and returns that answer. */
    public JsonPath awaitReady(HttpClient http) {
        return awaitReady(http, READY_TIMEOUT);
    }

    /** Waits (at most {@code timeout}) until {@code /q/health/ready} answers 200, and returns that answer. */
    public JsonPath awaitReady(HttpClient http, Duration timeout) {
        String ready = Await.until("server " + name + " ready (/q/health/ready 200)", timeout, () -> {
            if (!process.isAlive()) {
                fail("server %s exited with %d before it was ready; log %s:%n%s", name, process.exitValue(),
                        logFile, tail());
            }
            try {
                HttpResponse<String> response = get(http, "/q/health/ready");
                return response.statusCode() + " " + response.body();
            } catch (IOException notListeningYet) {
                return "no answer";
            }
        }, answer -> answer.startsWith("200 "), () -> String.format("; log %s:%n%s", logFile, tail()));
        return JsonPath.from(ready.substring(4));
    }

    public HttpResponse<String> get(HttpClient http, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> graphql(HttpClient http, String document, String bearer)
            throws IOException, InterruptedException {
        return graphql(http, document, null, bearer);
    }

    /** POSTs {@code document} with {@code variablesJson} (a JSON object, or null) to {@code /graphql}. */
    public HttpResponse<String> graphql(HttpClient http, String document, String variablesJson, String bearer)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("query", document);
        if (variablesJson != null) {
            body.set("variables", JSON.readTree(variablesJson));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/graphql")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@link #graphql(HttpClient, String, String, String)} that must answer 200 without errors; its JSON. */
    public JsonPath graphqlData(HttpClient http, String document, String variablesJson, String bearer)
            throws IOException, InterruptedException {
        HttpResponse<String> response = graphql(http, document, variablesJson, bearer);
        JsonPath json = response.statusCode() == 200 ? JsonPath.from(response.body()) : null;
        if (json == null || json.get("errors") != null) {
            fail("server %s: %s (variables %s) answered %d: %s%nlog %s:%n%s", name, document, variablesJson,
                    response.statusCode(), response.body(), logFile, tail());
        }
        return json;
    }

    /** Waits (at most {@code timeout}) for the server to exit on its own; its exit status, or fails. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(exited).as("server %s exited on its own within %s; log %s:%n%s", name, timeout, logFile,
                exited ? "" : tail()).isTrue();
        return process.exitValue();
    }

    /** SIGTERM, as an orchestrator stops it: the server must exit on its own, cleanly, in time. */
    public void stopGracefully() throws InterruptedException {
        process.destroy();
        boolean exited = process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(exited).as("server %s exited within %s of SIGTERM; log %s:%n%s", name, STOP_TIMEOUT, logFile,
                exited ? "" : tail()).isTrue();
        assertThat(process.exitValue()).as("exit code of %s after SIGTERM; log %s", name, logFile).isIn(0, 143);
    }

    /**
     * SIGKILL, a crash: the server gets no chance to finish anything. Waits until it is gone (its children, such
     * as an embedded PostgreSQL, are killed too, so nothing leaks).
     */
    public void kill() throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        assertThat(process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("server %s gone after SIGKILL", name).isTrue();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    public String log() throws IOException {
        return Files.readString(logFile, StandardCharsets.UTF_8);
    }

    /** The last 80 lines of the log, for failure messages. */
    public String tail() {
        return tail(80);
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        terminate();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException jvmExiting) {
            // the hook is running or about to
        }
    }

    /** SIGTERM, then SIGKILL (with the children) if it does not exit in time. */
    private void terminate() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                descendants.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            descendants.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
