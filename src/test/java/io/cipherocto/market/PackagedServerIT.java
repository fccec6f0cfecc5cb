package io.cipherocto.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.cipherocto.market.support.ExternalPostgres;
import io.cipherocto.market.support.KeycloakResource;
import io.cipherocto.market.support.PackagedServer;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.restassured.path.json.JsonPath;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Black-box test of the packaged server: {@code java -Xmx512m -jar target/quarkus-app/quarkus-run.jar} as a child
 * process, once against an external PostgreSQL configured through the standard Quarkus datasource env vars, once
 * with no datasource (embedded PostgreSQL). Run by maven-failsafe-plugin in {@code ./mvnw verify}, after packaging.
 */
@Tag("slow")
class PackagedServerIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void servesFromAnExternalDatabaseConfiguredThroughEnvVars() throws Exception {
        ExternalPostgres.assumeReachable("external-database scenario");
        // Before the server starts, so its OIDC tenant initialises eagerly (and Keycloak's start-up time is not
        // counted against the server's readiness bound).
        new KeycloakResource().start();

        String database = ExternalPostgres.createDatabase("octo_market_it_");
        try (PackagedServer server = PackagedServer.start("external-db", ExternalPostgres.datasourceEnv(database))) {
            JsonPath ready = server.awaitReady(http);
            assertDatabaseUp(ready, server);

            try (Connection c = ExternalPostgres.connect(database); var s = c.createStatement()) {
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

            TestUser user = TestUsers.create("packaged", "consumer");
            HttpResponse<String> me = server.graphql(http, "{ me { username } }", user.token());
            assertThat(me.statusCode()).as("/graphql me: %s", me.body()).isEqualTo(200);
            JsonPath meJson = JsonPath.from(me.body());
            assertThat(meJson.getList("errors")).as("errors in %s", me.body()).isNull();
            assertThat(meJson.getString("data.me.username")).isEqualTo(user.username());

            try (Connection c = ExternalPostgres.connect(database);
                    var s = c.prepareStatement("SELECT count(*) FROM participant WHERE username = ?")) {
                s.setString(1, user.username());
                var rs = s.executeQuery();
                rs.next();
                assertThat(rs.getInt(1)).as("%s's participant row in the external database %s", user, database)
                        .isEqualTo(1);
            }

            server.stopGracefully();
        } finally {
            ExternalPostgres.dropDatabase(database);
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
            // the packaged (prod) configuration maps errors to codes too
            HttpResponse<String> unknown = server.graphql(http, "{ noSuchField }", null);
            assertThat(JsonPath.from(unknown.body()).getString("errors[0].extensions.code"))
                    .as("error code in %s", unknown.body()).isEqualTo("BAD_REQUEST");
            HttpResponse<String> anonymousMe = server.graphql(http, "{ me { id } }", null);
            assertThat(JsonPath.from(anonymousMe.body()).getString("errors[0].extensions.code"))
                    .as("error code in %s", anonymousMe.body()).isEqualTo("UNAUTHENTICATED");

            assertThat(server.log()).as("server log " + server.logFile()).contains("embedded PostgreSQL");

            server.stopGracefully();
        }
    }

    private static void assertDatabaseUp(JsonPath ready, PackagedServer server) {
        List<Map<String, Object>> checks = ready.getList("checks");
        List<Map<String, Object>> database = checks.stream()
                .filter(check -> String.valueOf(check.get("name")).matches("(?i).*(database|postgres).*"))
                .toList();
        assertThat(database).as("database health checks in %s (log %s)", ready.prettify(), server.logFile())
                .isNotEmpty()
                .allSatisfy(check -> assertThat(check.get("status")).as("%s", check.get("name")).isEqualTo("UP"));
        assertThat(ready.getString("status")).isEqualTo("UP");
    }
}
