package io.cipherocto.market;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import io.cipherocto.market.deploy.HelmChartTest;
import io.cipherocto.market.support.ExternalPostgres;
import io.cipherocto.market.support.KeycloakResource;
import io.cipherocto.market.support.PackagedServer;
import io.restassured.path.json.JsonPath;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.jboss.logging.Logger;

/**
 * The packaged server in the prod profile configured only through env vars, as the Helm chart runs it (issue 13):
 * it starts against the system PostgreSQL (a database of its own) and the test Keycloak with everything set, and
 * stops at once, with one line naming the setting and its env var, when one required setting is missing
 * ({@code core.config.RequiredSettings}). The chain is off here (prod allows it; the chain's env-only
 * configuration against a real node is {@link ChainServersIT}'s); a missing chain setting is one of the cases.
 */
@Tag("slow")
class ProductionConfigIT {

    private static final Logger LOG = Logger.getLogger(ProductionConfigIT.class);

    private static final Duration EXIT = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Everything the prod profile needs, with the chain off. */
    private static Map<String, String> production(String database) {
        Map<String, String> env = new HashMap<>(ExternalPostgres.datasourceEnv(database));
        env.put("QUARKUS_PROFILE", "prod");
        env.put("OCTO_KEYCLOAK_URL", KeycloakResource.URL);
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");
        return env;
    }

    @Test
    void startsInTheProdProfileFromEnvVarsAlone() throws Exception {
        ExternalPostgres.assumeReachable("prod profile against the system PostgreSQL");
        new KeycloakResource().start();
        String database = ExternalPostgres.createDatabase("octo_market_prod_it_");
        try (PackagedServer server = PackagedServer.startExactly("prod-env-only", production(database))) {
            JsonPath ready = server.awaitReady(http);
            assertThat(ready.getString("status")).isEqualTo("UP");
            try (Connection c = ExternalPostgres.connect(database); var s = c.createStatement();
                    var rs = s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
                rs.next();
                assertThat(rs.getInt(1)).as("migrations applied to %s", database).isPositive();
            }
            assertThat(server.graphql(http, "{ __typename }", null).statusCode()).isEqualTo(200);
            assertThat(server.log()).as("log %s", server.logFile()).doesNotContain("embedded PostgreSQL")
                    .doesNotContain("Missing required setting");
            server.stopGracefully();
        } finally {
            ExternalPostgres.dropDatabase(database);
        }
    }

    /**
     * The chart's own output runs the server: the environment a pod would get from the rendered ConfigMap and
     * Deployment (database and Keycloak pointed at this machine, the Secret's values standing in for its
     * references) starts the packaged jar, and the probe paths the chart renders answer 200.
     */
    @Test
    void theEnvironmentTheChartRendersStartsTheServer() throws Exception {
        ExternalPostgres.assumeReachable("the chart's environment against the system PostgreSQL");
        new KeycloakResource().start();
        String database = ExternalPostgres.createDatabase("octo_market_prod_it_");
        try {
            HelmChartTest.Rendered chart = HelmChartTest.Rendered.of(new Helm(HelmChartTest.CHART).template()
                    .withName("market").withNamespace("octo").withKubeVersion(HelmChartTest.KUBE_VERSION)
                    .set("database.host", ExternalPostgres.HOST).set("database.name", database)
                    .set("keycloak.url", KeycloakResource.URL).set("shutdown.timeoutSeconds", 5).call());
            Map<String, String> env = chart.serverEnv(Map.of(
                    "octo-market-database/username", ExternalPostgres.USER,
                    "octo-market-database/password", ExternalPostgres.PASSWORD));
            assertThat(env).containsEntry("QUARKUS_HTTP_HOST", "0.0.0.0").containsKey("JAVA_TOOL_OPTIONS");
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1"); // servers bind 127.0.0.1 in tests
            try (PackagedServer server = PackagedServer.startExactly("prod-chart-env", env)) {
                server.awaitReady(http);
                JsonNode container = chart.container();
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    String path = container.at("/" + probe + "/httpGet/path").asText();
                    var answer = server.get(http, path);
                    assertThat(answer.statusCode()).as("%s %s: %s", probe, path, answer.body()).isEqualTo(200);
                }
                assertThat(server.log()).contains("Profile prod activated").doesNotContain("embedded PostgreSQL");
                server.stopGracefully();
            }
        } finally {
            ExternalPostgres.dropDatabase(database);
        }
    }

    static Stream<Arguments> oneSettingMissing() {
        Map<String, String> chain = Map.of(
                "OCTO_CHAIN_RPC_URL", "http://127.0.0.1:1",
                "OCTO_CHAIN_CHAIN_ID", "31337",
                "OCTO_CHAIN_TOKEN_ADDRESS", "0x5FbDB2315678afecb367f032d93F642f64180aa3",
                "OCTO_CHAIN_STAKE_MANAGER_ADDRESS", "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
                "OCTO_CHAIN_PAYMENT_VAULT_ADDRESS", "0x9fE46736679d2D9a65d0392F9d4Cc9a1a6C4fBa4");
        return Stream.of(
                Arguments.of("quarkus.datasource.reactive.url", "QUARKUS_DATASOURCE_REACTIVE_URL", Map.of()),
                Arguments.of("quarkus.datasource.jdbc.url", "QUARKUS_DATASOURCE_JDBC_URL", Map.of()),
                Arguments.of("octo.keycloak.url", "OCTO_KEYCLOAK_URL", Map.of()),
                // the chain is on (RPC URL set) with everything but the server key
                Arguments.of("octo.chain.server-key", "OCTO_CHAIN_SERVER_KEY", chain));
    }

    @ParameterizedTest(name = "{1} missing")
    @MethodSource("oneSettingMissing")
    void aMissingSettingStopsTheStartWithOneLineNamingIt(String property, String env, Map<String, String> extra)
            throws Exception {
        // No database is created: the check runs before anything connects.
        Map<String, String> config = production("octo_market_prod_it_never_created");
        config.putAll(extra);
        config.remove(env);
        try (PackagedServer server = PackagedServer.startExactly("prod-missing-" + env, config)) {
            int status = server.awaitExit(EXIT);
            String log = server.log();
            List<String> lines = log.lines().filter(l -> l.contains("Missing required setting")).toList();
            assertThat(status).as("exit status; log %s:%n%s", server.logFile(), log).isNotZero();
            assertThat(lines).as("lines about missing settings in %s:%n%s", server.logFile(), log).hasSize(1);
            assertThat(lines.get(0)).contains(property).contains("env " + env);
            assertThat(log).as("nothing started, nothing thrown").doesNotContain("Exception")
                    .doesNotContain("embedded PostgreSQL").doesNotContain("Listening on");
            LOG.infof("%s missing -> exit %d: %s", env, status, lines.get(0));
        }
    }
}
