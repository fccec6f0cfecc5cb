package io.cipherocto.market.core.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.support.Await;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.KeycloakResource;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.cipherocto.market.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Bearer tokens are verified once and then served from {@link VerifiedTokenCache} until their {@code exp}; what
 * Quarkus OIDC refuses (forged, expired, another issuer or audience) is refused on every request, cached or not.
 * "Verifications" are the calls through to Quarkus OIDC, each of which checks the token's signature.
 */
@QuarkusTest
class VerifiedTokenCacheTest {

    private static final String ME = "{ me { id username } }";

    @Inject
    VerifiedTokenCache cache;

    @Inject
    Vertx vertx;

    @TestHTTPResource("/graphql")
    URI graphql;

    @Test
    void aTokenIsVerifiedOnceAndThenServedFromTheCache() {
        TestUser user = TestUsers.create("cached", "consumer");
        String token = Tokens.of(user);
        long verifications = cache.verifications();
        long hits = cache.hits();

        String id = Gql.withToken(token, ME).statusCode(200).body("errors", nullValue())
                .body("data.me.username", equalTo(user.username())).extract().path("data.me.id");
        for (int i = 0; i < 3; i++) {
            Gql.withToken(token, ME).statusCode(200).body("data.me.id", equalTo(id))
                    .body("data.me.username", equalTo(user.username()));
        }

        assertThat(cache.verifications() - verifications).isEqualTo(1);
        assertThat(cache.hits() - hits).isEqualTo(3);
    }

    @Test
    void aCachedTokenIsRefusedOnceItsExpiryHasPassed() {
        TestUser user = TestUsers.create("cached-expiring", "consumer");
        String token = cachedShortLivedToken(user);

        waitUntilExpired(token);
        long verifications = cache.verifications();
        Gql.withToken(token, ME).statusCode(401).body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
        Gql.withToken(token, ME).statusCode(401).body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
        assertThat(cache.verifications() - verifications).as("refused by Quarkus OIDC each time, never from the cache")
                .isEqualTo(2);
    }

    @Test
    void aTamperedTokenIsRefusedAndNeverCachedEvenWhenTheRealOneIs() {
        TestUser user = TestUsers.create("cached-tampered", "consumer");
        String token = Tokens.of(user);
        Gql.withToken(token, ME).statusCode(200).body("data.me.username", equalTo(user.username()));
        String[] parts = token.split("\\.");
        JsonObject claims = new JsonObject(decode(parts[1])).put("preferred_username", "someone-else")
                .put("realm_access", new JsonObject().put("roles", List.of("admin")));
        String tamperedClaims = parts[0] + "." + encode(claims.encode()) + "." + parts[2];
        String badSignature = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();

        long verifications = cache.verifications();
        for (int i = 0; i < 2; i++) {
            Gql.withToken(tamperedClaims, ME).statusCode(401)
                    .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
            Gql.withToken(badSignature, ME).statusCode(401)
                    .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
        }
        assertThat(cache.verifications() - verifications).isEqualTo(4);
        Gql.withToken(token, ME).statusCode(200).body("data.me.username", equalTo(user.username()));
    }

    @Test
    void tokensForAnotherIssuerOrAudienceAreRefusedEveryTime() {
        TestUser user = TestUsers.create("cached-foreign", "consumer");
        // both signed by the realm's own key: only issuer and audience are wrong
        String otherIssuer = token("http://localhost:" + URI.create(KeycloakResource.URL).getPort(), user, "octo-web");
        String otherAudience = token(KeycloakResource.URL, user, "admin-cli");

        long verifications = cache.verifications();
        for (int i = 0; i < 2; i++) {
            Gql.withToken(otherIssuer, ME).statusCode(401)
                    .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
            Gql.withToken(otherAudience, ME).statusCode(401)
                    .body("errors[0].extensions.code", equalTo("UNAUTHENTICATED"));
        }
        assertThat(cache.verifications() - verifications).isEqualTo(4);
    }

    @Test
    void aCachedTokenThatHasExpiredClosesTheWebSocketAtInitWith4403() throws Exception {
        TestUser user = TestUsers.create("cached-ws", "consumer");
        String token = cachedShortLivedToken(user);
        waitUntilExpired(token);

        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket ws = connect();
        ws.closeHandler(v -> closed.complete((int) ws.closeStatusCode()));
        ws.writeTextMessage(new JsonObject().put("type", "connection_init")
                .put("payload", new JsonObject().put("Authorization", "Bearer " + token)).encode());
        assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(4403);
    }

    @Test
    void aSubscriptionOpenedWithACachedTokenIsClosedWith4403WhenTheTokenExpires() throws Exception {
        TestUser user = TestUsers.create("cached-ws-open", "consumer");
        String token = cachedShortLivedToken(user);
        long hits = cache.hits();

        LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket ws = connect();
        ws.textMessageHandler(messages::add);
        ws.closeHandler(v -> closed.complete((int) ws.closeStatusCode()));
        ws.writeTextMessage(new JsonObject().put("type", "connection_init")
                .put("payload", new JsonObject().put("Authorization", "Bearer " + token)).encode());
        String first = messages.poll(5, TimeUnit.SECONDS);
        if (first == null || !first.contains("connection_ack")) {
            return; // the two seconds ran out before connection_init: the test above covers that
        }
        assertThat(cache.hits() - hits).as("connection_init was answered from the cache").isEqualTo(1);
        assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(4403);
    }

    private WebSocket connect() throws Exception {
        return vertx.createWebSocketClient().connect(new WebSocketConnectOptions()
                .setHost(graphql.getHost()).setPort(graphql.getPort()).setURI(graphql.getPath())
                .setSubProtocols(List.of("graphql-transport-ws")))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A two-second token (client octo-e2e-short) that the server has verified and then served from the cache. */
    private String cachedShortLivedToken(TestUser user) {
        for (int attempt = 0; attempt < 5; attempt++) {
            String token = Tokens.fetch(user, "octo-e2e-short");
            long verifications = cache.verifications();
            long hits = cache.hits();
            boolean accepted = Gql.withToken(token, ME).extract().statusCode() == 200
                    && Gql.withToken(token, ME).extract().statusCode() == 200;
            if (accepted) {
                assertThat(cache.verifications() - verifications).isEqualTo(1);
                assertThat(cache.hits() - hits).isEqualTo(1);
                return token;
            }
            // the machine was slower than the token's two seconds: try a fresh one
        }
        throw new AssertionError("no two-second token was accepted twice in five attempts");
    }

    private static String token(String keycloakUrl, TestUser user, String clientId) {
        return given().formParam("grant_type", "password").formParam("client_id", clientId)
                .formParam("username", user.username()).formParam("password", user.password())
                .post(keycloakUrl + "/realms/octo/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    private static void waitUntilExpired(String token) {
        long expiredAfterMillis = new JsonObject(decode(token.split("\\.")[1])).getLong("exp") * 1000 + 1000;
        Await.until("the two-second token has expired", Duration.ofSeconds(10),
                () -> System.currentTimeMillis() > expiredAfterMillis);
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
