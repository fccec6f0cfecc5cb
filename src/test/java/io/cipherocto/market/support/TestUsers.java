package io.cipherocto.market.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fresh Keycloak users for tests, made through the admin REST API of the real Keycloak: every test signs in as
 * users nobody else uses, so no test depends on what another did to "alice". The realm's seven named users stay
 * for the README and manual use.
 *
 * <pre>{@code
 * TestUser carol = TestUsers.user("carol").roles("curator").partner("INTEGRATION").create();
 * Gql.as(carol, "{ me { id } }");
 * }</pre>
 *
 * Admin access: the master realm's {@code admin-cli} password grant with {@code KC_BOOTSTRAP_ADMIN_USERNAME} /
 * {@code KC_BOOTSTRAP_ADMIN_PASSWORD} (default admin/admin), the admin {@code scripts/keycloak.sh} gives the local
 * Keycloak. Users made here are deleted at JVM exit (Keycloak re-imports the realm on every start anyway).
 */
public final class TestUsers {

    /** Realm roles of keycloak/realm-octo.json. */
    public static final Set<String> REALM_ROLES = Set.of("contributor", "curator", "operator", "consumer", "admin");
    /** Values of the partner_tier attribute the realm's user profile accepts. */
    public static final Set<String> PARTNER_TIERS = Set.of("COMMUNITY", "INTEGRATION", "STRATEGIC");

    static final String ADMIN_USERNAME = env("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
    static final String ADMIN_PASSWORD = env("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");

    private static final String REALM_ADMIN = KeycloakResource.URL + "/admin/realms/octo";
    private static final String MASTER_TOKEN = KeycloakResource.URL + "/realms/master/protocol/openid-connect/token";
    private static final Map<String, Map<String, Object>> ROLES = new ConcurrentHashMap<>();
    /** Keycloak ids of the users made by this JVM, deleted at exit. */
    private static final List<String> CREATED = new ArrayList<>();
    private static String adminToken;
    private static long adminTokenValidUntil;
    private static boolean cleanupRegistered;

    private TestUsers() {
    }

    /** A user named {@code prefix-xxxxxxxx} (random suffix); set roles and partner claims, then create it. */
    public static Builder user(String prefix) {
        return new Builder(prefix);
    }

    /** A fresh user with these realm roles and no partner claims. */
    public static TestUser create(String prefix, String... realmRoles) {
        return user(prefix).roles(realmRoles).create();
    }

    public static final class Builder {
        private final String username;
        private final Set<String> roles = new LinkedHashSet<>();
        private String partnerTier;
        private String partnerId;

        private Builder(String prefix) {
            this.username = prefix.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
        }

        /** Realm roles, by their Keycloak names ({@link #REALM_ROLES}). */
        public Builder roles(String... realmRoles) {
            for (String role : realmRoles) {
                if (!REALM_ROLES.contains(role)) {
                    throw new IllegalArgumentException("no realm role " + role + " in " + REALM_ROLES);
                }
                roles.add(role);
            }
            return this;
        }

        /** Partner claims: {@code tier} and a partner id of its own ({@code p-<username>}). */
        public Builder partner(String tier) {
            return partner(tier, "p-" + username);
        }

        public Builder partner(String tier, String id) {
            if (!PARTNER_TIERS.contains(tier)) {
                throw new IllegalArgumentException("no partner tier " + tier + " in " + PARTNER_TIERS);
            }
            this.partnerTier = tier;
            this.partnerId = id;
            return this;
        }

        /** Makes the user in Keycloak, ready for the password grant (no required actions, email verified). */
        public TestUser create() {
            return TestUsers.create(new TestUser(username, UUID.randomUUID().toString(), partnerId, partnerTier),
                    List.copyOf(roles));
        }
    }

    private static TestUser create(TestUser user, List<String> roles) {
        KeycloakResource.ensureRunning();
        Map<String, Object> body = new HashMap<>();
        body.put("username", user.username());
        body.put("enabled", true);
        body.put("email", user.username() + "@octo.test");
        body.put("emailVerified", true);
        body.put("firstName", "Test");
        body.put("lastName", user.username());
        body.put("requiredActions", List.of());
        body.put("credentials", List.of(Map.of("type", "password", "value", user.password(), "temporary", false)));
        if (user.partnerTier() != null) {
            body.put("attributes", Map.of("partner_tier", List.of(user.partnerTier()),
                    "partner_id", List.of(user.partnerId())));
        }
        Response created = admin().contentType(ContentType.JSON).body(body).post(REALM_ADMIN + "/users");
        if (created.statusCode() != 201) {
            throw new IllegalStateException("creating Keycloak user " + user.username() + ": HTTP "
                    + created.statusCode() + " " + created.asString());
        }
        String location = created.header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        remember(id);
        if (!roles.isEmpty()) {
            List<Map<String, Object>> representations = roles.stream().map(TestUsers::role).toList();
            admin().contentType(ContentType.JSON).body(representations)
                    .post(REALM_ADMIN + "/users/" + id + "/role-mappings/realm")
                    .then().statusCode(204);
        }
        return user;
    }

    private static Map<String, Object> role(String name) {
        return ROLES.computeIfAbsent(name, n -> {
            Map<String, Object> role = admin().get(REALM_ADMIN + "/roles/" + n).then().statusCode(200)
                    .extract().jsonPath().getMap("");
            return Map.of("id", role.get("id"), "name", role.get("name"));
        });
    }

    private static io.restassured.specification.RequestSpecification admin() {
        return given().auth().oauth2(adminToken());
    }

    private static synchronized String adminToken() {
        if (adminToken != null && System.currentTimeMillis() < adminTokenValidUntil) {
            return adminToken;
        }
        Response response = masterToken();
        if (response.statusCode() != 200) {
            throw new IllegalStateException("no admin token from " + MASTER_TOKEN + " for " + ADMIN_USERNAME
                    + ": HTTP " + response.statusCode() + " " + response.asString() + ". scripts/keycloak.sh starts "
                    + "Keycloak with KC_BOOTSTRAP_ADMIN_USERNAME/_PASSWORD (default admin/admin); restart it with "
                    + "the values the tests use.");
        }
        adminToken = response.path("access_token");
        int lifespan = response.path("expires_in");
        adminTokenValidUntil = System.currentTimeMillis() + Math.max(5, lifespan - 10) * 1000L;
        return adminToken;
    }

    private static Response masterToken() {
        return given().formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", ADMIN_USERNAME).formParam("password", ADMIN_PASSWORD)
                .post(MASTER_TOKEN);
    }

    private static synchronized void remember(String id) {
        CREATED.add(id);
        if (!cleanupRegistered) {
            Runtime.getRuntime().addShutdownHook(new Thread(TestUsers::deleteCreated, "test-users-cleanup"));
            cleanupRegistered = true;
        }
    }

    /** Best effort: Keycloak may already be stopping (a fresh import on its next start forgets them too). */
    private static void deleteCreated() {
        List<String> ids;
        String token;
        synchronized (TestUsers.class) {
            ids = List.copyOf(CREATED);
            try {
                token = adminToken();
            } catch (RuntimeException e) {
                return;
            }
        }
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            for (String id : ids) {
                http.send(HttpRequest.newBuilder(URI.create(REALM_ADMIN + "/users/" + id))
                        .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + token).DELETE().build(),
                        HttpResponse.BodyHandlers.discarding());
            }
        } catch (Exception e) {
            // Keycloak gone or going: nothing left to clean
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
