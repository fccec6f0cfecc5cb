package io.cipherocto.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.cipherocto.market.support.KeycloakResource;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Black-box test of the packaged server: {@code java -Xmx512m -jar target/quarkus-app/quarkus-run.jar} as a child
 * process, once against an external PostgreSQL configured through the standard Quarkus datasource env vars, once
 * with no datasource (embedded PostgreSQL). Run by maven-failsafe-plugin in {@code ./mvnw verify}, after packaging.
 */
class PackagedServerIT {

    private static final Path BASEDIR = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    private static final Path JAR = BASEDIR.resolve("target/quarkus-app/quarkus-run.jar");

    private static final String PG_HOST = "127.0.0.1";
    private static final int PG_PORT = 5432;
    private static final String PG_USER = "postgres";
    private static final String PG_PASSWORD = "postgres";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private static final String TOKEN_URL = KeycloakResource.URL + "/realms/octo/protocol/openid-connect/token";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void servesFromAnExternalDatabaseConfiguredThroughEnvVars() throws Exception {
        Assumptions.assumeTrue(postgresReachable(), "no PostgreSQL accepting JDBC connections (user " + PG_USER
                + ") at " + PG_HOST + ":" + PG_PORT + ": external-database scenario skipped");
        // Before the server starts, so its OIDC tenant initialises eagerly (and Keycloak's start-up time is not
        // counted against the server's readiness bound).
        new KeycloakResource().start();

        String database = "octo_market_it_" + HexFormat.of().formatHex(randomBytes(6));
        execute(jdbcUrl("postgres"), "CREATE DATABASE " + database);
        try {
            Map<String, String> env = Map.of(
                    "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database,
                    "QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl(database),
                    "QUARKUS_DATASOURCE_USERNAME", PG_USER,
                    "QUARKUS_DATASOURCE_PASSWORD", PG_PASSWORD);
            try (PackagedServer server = PackagedServer.start("external-db", env)) {
                JsonPath ready = server.awaitReady(http);
                assertDatabaseUp(ready, server);

                try (Connection c = DriverManager.getConnection(jdbcUrl(database), credentials());
                        var s = c.createStatement()) {
                    try (var rs = s.executeQuery("SELECT success FROM flyway_schema_history WHERE version = '1'")) {
                        assertThat(rs.next()).as("flyway_schema_history has a V1 row").isTrue();
                        assertThat(rs.getBoolean(1)).as("V1 migration succeeded").isTrue();
                    }
                    try (var rs = s.executeQuery("SELECT to_regclass('public.participant') IS NOT NULL")) {
                        assertThat(rs.next() && rs.getBoolean(1)).as("table participant exists").isTrue();
                    }
                }

                HttpResponse<String> live = server.get(http, "/q/health/live");
                assertThat(live.statusCode()).as("/q/health/live: %s", live.body()).isEqualTo(200);
                HttpResponse<String> metrics = server.get(http, "/q/metrics");
                assertThat(metrics.statusCode()).as("/q/metrics").isEqualTo(200);
                assertThat(metrics.body()).as("Prometheus text").contains("# TYPE").contains("jvm_");

                HttpResponse<String> me = server.graphql(http, "{ me { username } }", aliceToken());
                assertThat(me.statusCode()).as("/graphql me: %s", me.body()).isEqualTo(200);
                JsonPath meJson = JsonPath.from(me.body());
                assertThat(meJson.getList("errors")).as("errors in %s", me.body()).isNull();
                assertThat(meJson.getString("data.me.username")).isEqualTo("alice");

                try (Connection c = DriverManager.getConnection(jdbcUrl(database), credentials());
                        var s = c.createStatement();
                        var rs = s.executeQuery("SELECT count(*) FROM participant WHERE username = 'alice'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("alice's participant row in the external database " + database)
                            .isEqualTo(1);
                }

                server.stopGracefully();
            }
        } finally {
            // FORCE: a server that did not stop must not keep the database alive (it is ours: the random name).
            execute(jdbcUrl("postgres"), "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    void startsAnEmbeddedDatabaseWhenNoneIsConfigured() throws Exception {
        try (PackagedServer server = PackagedServer.start("embedded-db", Map.of())) {
            JsonPath ready = server.awaitReady(http);
            assertDatabaseUp(ready, server);

            HttpResponse<String> typename = server.graphql(http, "{ __typename }", null);
            assertThat(typename.statusCode()).as("/graphql: %s", typename.body()).isEqualTo(200);
            assertThat(JsonPath.from(typename.body()).getString("data.__typename")).isEqualTo("Query");

            assertThat(server.log()).as("server log " + server.logFile).contains("embedded PostgreSQL");

            server.stopGracefully();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static void assertDatabaseUp(JsonPath ready, PackagedServer server) {
        List<Map<String, Object>> checks = ready.getList("checks");
        List<Map<String, Object>> database = checks.stream()
                .filter(check -> String.valueOf(check.get("name")).matches("(?i).*(database|postgres).*"))
                .toList();
        assertThat(database).as("database health checks in %s (log %s)", ready.prettify(), server.logFile)
                .isNotEmpty()
                .allSatisfy(check -> assertThat(check.get("status")).as("%s", check.get("name")).isEqualTo("UP"));
        assertThat(ready.getString("status")).isEqualTo("UP");
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database;
    }

    private static Properties credentials() {
        Properties props = new Properties();
        props.setProperty("user", PG_USER);
        props.setProperty("password", PG_PASSWORD);
        props.setProperty("connectTimeout", "3");
        return props;
    }

    private static boolean postgresReachable() {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), credentials())) {
            return c.isValid(3);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, credentials()); var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private String aliceToken() throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=octo-web&username=alice&password=alice&scope=openid";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(TOKEN_URL))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("token for alice: %s", response.body()).isEqualTo(200);
        return JsonPath.from(response.body()).getString("access_token");
    }

    /** The packaged server as a child process; closing it always ends the process (and its children). */
    private static final class PackagedServer implements AutoCloseable {

        private final Process process;
        private final int port;
        private final Path logFile;
        private final Thread reaper;

        private PackagedServer(Process process, int port, Path logFile) {
            this.process = process;
            this.port = port;
            this.logFile = logFile;
            // Should the test JVM die first, the server (and its embedded PostgreSQL) must not outlive it.
            this.reaper = new Thread(this::kill, "packaged-server-reaper");
            Runtime.getRuntime().addShutdownHook(reaper);
        }

        static PackagedServer start(String name, Map<String, String> datasourceEnv) throws IOException {
            assertThat(JAR).as("packaged server (run ./mvnw verify, which packages it first)").isRegularFile();
            int port = freePort();
            Path logFile = BASEDIR.resolve("target/packaged-server-it-" + name + ".log");
            Files.createDirectories(logFile.getParent());
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-Dquarkus.http.port=" + port, "-jar", JAR.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).directory(BASEDIR.toFile())
                    .redirectErrorStream(true).redirectOutput(logFile.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            // Only what the scenario sets: nothing inherited from the caller's environment may pick the database.
            builder.environment().keySet().removeIf(key -> key.startsWith("QUARKUS_DATASOURCE_"));
            builder.environment().putAll(datasourceEnv);
            return new PackagedServer(builder.start(), port, logFile);
        }

        JsonPath awaitReady(HttpClient http) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            HttpResponse<String> last = null;
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    fail("server exited with %d before it was ready; log %s:%n%s", process.exitValue(), logFile,
                            tail());
                }
                try {
                    last = get(http, "/q/health/ready");
                    if (last.statusCode() == 200) {
                        return JsonPath.from(last.body());
                    }
                } catch (IOException notListeningYet) {
                    // starting
                }
                Thread.sleep(500);
            }
            return fail("server not ready within %s (last /q/health/ready: %s); log %s:%n%s", READY_TIMEOUT,
                    last == null ? "no answer" : last.statusCode() + " " + last.body(), logFile, tail());
        }

        HttpResponse<String> get(HttpClient http, String path) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> graphql(HttpClient http, String document, String bearer)
                throws IOException, InterruptedException {
            String body = "{\"query\":\"" + document.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
            HttpRequest.Builder request = HttpRequest.newBuilder(uri("/graphql")).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** SIGTERM, as an orchestrator stops it: the server must exit on its own, cleanly, in time. */
        void stopGracefully() throws InterruptedException {
            process.destroy();
            boolean exited = process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(exited).as("server exited within %s of SIGTERM; log %s:%n%s", STOP_TIMEOUT, logFile,
                    exited ? "" : tail()).isTrue();
            assertThat(process.exitValue()).as("exit code after SIGTERM; log %s", logFile).isIn(0, 143);
        }

        String log() throws IOException {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            kill();
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException jvmExiting) {
                // the hook is running or about to
            }
        }

        private void kill() {
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

        private String tail() {
            try {
                List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
                return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 80), lines.size()));
            } catch (IOException e) {
                return "(log unreadable: " + e + ")";
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                socket.setReuseAddress(true);
                return socket.getLocalPort();
            }
        }
    }
}
