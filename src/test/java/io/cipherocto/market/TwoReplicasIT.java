package io.cipherocto.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.cipherocto.market.support.Await;
import io.cipherocto.market.support.ExternalPostgres;
import io.cipherocto.market.support.KeycloakResource;
import io.cipherocto.market.support.PackagedServer;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.cipherocto.market.support.Wallets;
import io.smallrye.graphql.client.Response;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;
import io.smallrye.graphql.client.vertx.dynamic.VertxDynamicGraphQLClientBuilder;
import io.smallrye.graphql.client.websocket.WebsocketSubprotocol;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.path.json.JsonPath;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/**
 * Two packaged servers (prod profile, env-only configuration, as two pods of the Helm chart) on one database of the
 * system PostgreSQL: a replica keeps nothing another cannot rebuild. A subscription opened on replica one sees a
 * change committed through replica two (LISTEN/NOTIFY fan-out), and a wallet challenge issued by one is redeemed
 * on two (challenges live in the database). Payouts sent once across replicas: {@link ChainServersIT}.
 */
@Tag("slow")
class TwoReplicasIT {

    private static final String SUBSCRIPTION = "subscription { meUpdated { username wallets { address } } }";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aChangeThroughOneReplicaReachesASubscriberOfTheOther() throws Exception {
        ExternalPostgres.assumeReachable("two replicas on one database");
        new KeycloakResource().start();
        String database = ExternalPostgres.createDatabase("octo_market_replicas_it_");
        Map<String, String> env = new HashMap<>(ExternalPostgres.datasourceEnv(database));
        env.put("QUARKUS_PROFILE", "prod");
        env.put("OCTO_KEYCLOAK_URL", KeycloakResource.URL);
        // graceful shutdown waited the full timeout (20 s) with the subscription's WebSocket just closed by the client
        // (observed here); a pod gets timeout + preStop + margin from the chart
        env.put("QUARKUS_SHUTDOWN_TIMEOUT", "5s");
        // the periodic policy reload off: only the change notice can bring an edit to the other replica
        env.put("OCTO_ACCESS_POLICY_RELOAD_EVERY", "1h");
        try (PackagedServer one = PackagedServer.startExactly("replica-1", env)) {
            one.awaitReady(http); // one migrates first; two then finds the schema current
            try (PackagedServer two = PackagedServer.startExactly("replica-2", env)) {
                two.awaitReady(http);
                TestUser user = TestUsers.create("replicas", "consumer");
                try (DynamicGraphQLClient client = new VertxDynamicGraphQLClientBuilder()
                        .url("http://127.0.0.1:" + one.port() + "/graphql")
                        .subprotocols(WebsocketSubprotocol.GRAPHQL_TRANSPORT_WS)
                        .initPayload(Map.of("Authorization", "Bearer " + user.token())).build()) {
                    AssertSubscriber<Response> events = client.subscription(SUBSCRIPTION).subscribe()
                            .withSubscriber(AssertSubscriber.create(10));
                    // the current state first: once it is here, the subscription is live
                    Await.until("first meUpdated event on replica one",
                            Duration.ofSeconds(30), () -> events.getItems().size() + " items, failure "
                                    + events.getFailure(), s -> !s.startsWith("0 "), one::tail);

                    ECKeyPair key = Keys.createEcKeyPair();
                    String address = Wallets.address(key);
                    String message = one.graphqlData(http,
                            "mutation($a: EvmAddress!) { walletChallenge(address: $a) { message } }",
                            "{\"a\":\"" + address + "\"}", user.token()).getString("data.walletChallenge.message");
                    two.graphqlData(http,
                            "mutation($a: EvmAddress!, $s: String!) { linkWallet(address: $a, signature: $s) { address } }",
                            "{\"a\":\"" + address + "\",\"s\":\"" + Wallets.sign(message, key) + "\"}", user.token());

                    // the notice may arrive before this line runs: wait on what was received, not on a next item
                    Await.until("replica one's subscriber sees the wallet linked on two",
                            Duration.ofSeconds(30), () -> events.getItems().stream()
                                    .map(r -> r.getData().getJsonObject("meUpdated").getJsonArray("wallets").toString())
                                    .toList(),
                            seen -> seen.stream().anyMatch(w -> w.toLowerCase().contains(address.toLowerCase())),
                            () -> "; failure " + events.getFailure() + "; replica one:\n" + one.tail(30));
                }
                aPolicyEditOnOneReplicaIsInForceOnTheOtherAtOnce(one, two);
                two.stopGracefully();
            }
            one.stopGracefully();
        } finally {
            ExternalPostgres.dropDatabase(database);
        }
    }

    /**
     * An admin edits the access policy through replica two; replica one answers by the new version at once (by its
     * change notice: the periodic reload is off), without a restart: a COMMUNITY partner's entitlements and budget there change.
     */
    private void aPolicyEditOnOneReplicaIsInForceOnTheOtherAtOnce(PackagedServer one, PackagedServer two)
            throws Exception {
        TestUser admin = TestUsers.create("replicas-admin", "admin");
        TestUser community = TestUsers.user("replicas-c").roles("consumer").partner("COMMUNITY").create();
        String mine = "{ me { entitlements { earlyAccess budget { bucketSize } } } rateLimit { limit } }";
        JsonPath before = one.graphqlData(http, mine, null, community.token());
        assertThat(before.getBoolean("data.me.entitlements.earlyAccess")).isFalse();
        JsonPath policy = two.graphqlData(http, "{ accessPolicy { version entitlements { audience agreement "
                + "earlyAccess revenueShareBps boardObserver coMarketing support budget { bucketSize restoreRate "
                + "maxCostPerRequest } } } }", null, admin.token());
        ArrayNode lines = JSON.createArrayNode();
        for (Map<String, Object> line : policy.<Map<String, Object>>getList("data.accessPolicy.entitlements")) {
            ObjectNode input = JSON.valueToTree(line);
            ObjectNode budget = (ObjectNode) input.remove("budget");
            input.setAll(budget);
            if ("COMMUNITY".equals(line.get("audience"))) {
                input.put("earlyAccess", true).put("bucketSize", 123_456);
            }
            lines.add(input);
        }
        ObjectNode variables = JSON.createObjectNode().put("r", "replicas test")
                .put("v", policy.getInt("data.accessPolicy.version"));
        variables.set("e", lines);
        two.graphqlData(http, "mutation($e: [EntitlementsInput!]!, $r: String!, $v: Int!) { updateAccessPolicy("
                + "entitlements: $e, reason: $r, expectedVersion: $v) { version } }", variables.toString(),
                admin.token());
        Await.until("replica one answers by the policy edited on two", Duration.ofSeconds(10),
                () -> one.graphqlData(http, mine, null, community.token()),
                now -> now.getBoolean("data.me.entitlements.earlyAccess")
                        && now.getInt("data.me.entitlements.budget.bucketSize") == 123_456
                        && now.getInt("data.rateLimit.limit") == 123_456, one::tail);
    }
}
