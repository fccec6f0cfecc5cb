package io.cipherocto.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.cipherocto.market.support.Await;
import io.cipherocto.market.support.KeycloakResource;
import io.cipherocto.market.support.PackagedServer;
import io.cipherocto.market.support.TcpProxy;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.restassured.path.json.JsonPath;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The packaged server starts while the identity provider cannot be reached (as when Keycloak restarts or comes up
 * after the app in a cluster). It reaches Keycloak only through a relay the test opens later. Until then a token it
 * cannot verify is UNAVAILABLE (503, Retry-After), a token bad on its face is UNAUTHENTICATED, anonymous reads work
 * and readiness says why; once the relay opens, valid tokens are accepted without a restart.
 */
@Tag("slow")
class IdentityProviderOutageIT {

    private static final String ME = "{ me { username } }";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void tokensAreUnavailableWhileTheProviderIsDownAndAcceptedOnceItIsBack() throws Exception {
        new KeycloakResource().start();
        TestUser user = TestUsers.create("idp-outage", "consumer");
        String valid = user.token();
        String forged = valid.substring(0, valid.length() - 6) + (valid.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA");
        String unsigned = unsignedCopy(valid);
        String expired = withExpiry(valid, Instant.now().minusSeconds(60));

        int relayPort = PackagedServer.freePort();
        try (TcpProxy relay = new TcpProxy(relayPort, 8180);
                PackagedServer server = PackagedServer.start("idp-outage", Map.of(
                        "QUARKUS_OIDC_AUTH_SERVER_URL", "http://127.0.0.1:" + relayPort + "/realms/octo",
                        // Keycloak names the issuer after the host it is asked through; tokens come from 8180.
                        "QUARKUS_OIDC_TOKEN_ISSUER", KeycloakResource.URL + "/realms/octo"))) {
            JsonPath ready = server.awaitReady(http);
            Map<String, Object> idp = check(ready, "identity-provider");
            Await.until("readiness shows the identity provider unreachable", Duration.ofSeconds(30),
                    () -> check(server.awaitReady(http), "identity-provider"),
                    c -> "UNREACHABLE".equals(((Map<?, ?>) c.get("data")).get("state")), server::tail);
            assertThat(idp.get("status")).as("an unreachable provider leaves the server ready").isEqualTo("UP");

            for (String token : List.of(valid, forged)) {
                HttpResponse<String> refused = server.graphql(http, ME, token);
                assertThat(refused.statusCode()).as("%s", refused.body()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
                JsonPath body = JsonPath.from(refused.body());
                assertThat(body.getString("errors[0].extensions.code")).isEqualTo("UNAVAILABLE");
                assertThat(body.getString("errors[0].extensions.dependency")).isEqualTo("identity");
            }
            for (String token : List.of(unsigned, expired, "not-a-jwt")) {
                HttpResponse<String> refused = server.graphql(http, ME, token);
                assertThat(refused.statusCode()).as("bad on its face: %s", refused.body()).isEqualTo(401);
                assertThat(JsonPath.from(refused.body()).getString("errors[0].extensions.code"))
                        .isEqualTo("UNAUTHENTICATED");
            }
            HttpResponse<String> anonymous = server.graphql(http, "{ __typename }", null);
            assertThat(anonymous.statusCode()).as("anonymous reads keep working: %s", anonymous.body()).isEqualTo(200);

            relay.start();
            HttpResponse<String> accepted = Await.until("a valid token accepted once the provider is back",
                    Duration.ofSeconds(60), () -> server.graphql(http, ME, valid), r -> r.statusCode() == 200,
                    server::tail);
            assertThat(JsonPath.from(accepted.body()).getString("data.me.username")).isEqualTo(user.username());
            HttpResponse<String> forgedNow = server.graphql(http, ME, forged);
            assertThat(forgedNow.statusCode()).as("a forged token, now provably bad: %s", forgedNow.body())
                    .isEqualTo(401);
            Await.until("readiness shows the identity provider reachable again", Duration.ofSeconds(60),
                    () -> check(server.awaitReady(http), "identity-provider"),
                    c -> "REACHABLE".equals(((Map<?, ?>) c.get("data")).get("state")), server::tail);

            String log = server.log();
            assertThat(count(log, "bearer tokens are answered UNAVAILABLE")).as("outage logged once:%n%s", log)
                    .isEqualTo(1);
            assertThat(log).doesNotContain("OIDC Server is not available");

            // Keys fetched once are kept: a provider that goes away again does not stop valid tokens.
            relay.cut();
            HttpResponse<String> cached = server.graphql(http, ME, valid);
            assertThat(cached.statusCode()).as("verified with the cached keys: %s", cached.body()).isEqualTo(200);
            server.stopGracefully();
        }
    }

    private static Map<String, Object> check(JsonPath ready, String name) {
        List<Map<String, Object>> checks = ready.getList("checks");
        return checks.stream().filter(c -> name.equals(c.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no readiness check " + name + " in " + ready.prettify()));
    }

    private static String unsignedCopy(String jwt) {
        String[] parts = jwt.split("\\.");
        return base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
    }

    /** The same header and claims but another exp (so the signature no longer matches either). */
    private static String withExpiry(String jwt, Instant exp) {
        String[] parts = jwt.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replaceFirst("\"exp\":\\d+", "\"exp\":" + exp.getEpochSecond());
        return parts[0] + "." + base64(claims) + "." + parts[2];
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
