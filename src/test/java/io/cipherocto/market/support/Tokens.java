package io.cipherocto.market.support;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Access tokens for the realm's test users, obtained from the real Keycloak with the password grant. */
public final class Tokens {

    private static final String TOKEN_URL = KeycloakResource.URL + "/realms/octo/protocol/openid-connect/token";
    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private record Cached(String token, long expiresAtMillis) {
    }

    private Tokens() {
    }

    /** A token for a test user whose password equals its name (see keycloak/realm-octo.json). */
    public static String of(String user) {
        Cached cached = CACHE.get(user);
        if (cached != null && cached.expiresAtMillis() > System.currentTimeMillis()) {
            return cached.token();
        }
        String token = fetch(user, "octo-web");
        CACHE.put(user, new Cached(token, System.currentTimeMillis() + 120_000));
        return token;
    }

    /** A fresh token from the given client (e.g. octo-e2e-short, whose tokens live two seconds). */
    public static String fetch(String user, String clientId) {
        KeycloakResource.ensureRunning();
        return given().formParam("grant_type", "password").formParam("client_id", clientId)
                .formParam("username", user).formParam("password", user).formParam("scope", "openid")
                .post(TOKEN_URL)
                .then().statusCode(200).extract().path("access_token");
    }
}
