package io.cipherocto.market.support;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Access tokens from the real Keycloak with the password grant, for {@link TestUsers} and the realm's own users. */
public final class Tokens {

    private static final String TOKEN_URL = KeycloakResource.URL + "/realms/octo/protocol/openid-connect/token";
    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private record Cached(String token, long expiresAtMillis) {
    }

    private Tokens() {
    }

    /** A cached web-client token for a fresh test user. */
    public static String of(TestUser user) {
        return cached(user.username(), user.password());
    }

    /**
     * A cached token for one of the realm's named users (password = name, see keycloak/realm-octo.json). Only for
     * checks of the realm export itself: tests make their own users with {@link TestUsers}.
     */
    public static String ofRealmUser(String user) {
        return cached(user, user);
    }

    /** A fresh token from the given client (e.g. octo-e2e-short, whose tokens live two seconds). */
    public static String fetch(TestUser user, String clientId) {
        return fetch(user.username(), user.password(), clientId);
    }

    private static String cached(String username, String password) {
        Cached cached = CACHE.get(username);
        if (cached != null && cached.expiresAtMillis() > System.currentTimeMillis()) {
            return cached.token();
        }
        String token = fetch(username, password, "octo-web");
        CACHE.put(username, new Cached(token, System.currentTimeMillis() + 120_000));
        return token;
    }

    private static String fetch(String username, String password, String clientId) {
        KeycloakResource.ensureRunning();
        return given().formParam("grant_type", "password").formParam("client_id", clientId)
                .formParam("username", username).formParam("password", password).formParam("scope", "openid")
                .post(TOKEN_URL)
                .then().statusCode(200).extract().path("access_token");
    }
}
