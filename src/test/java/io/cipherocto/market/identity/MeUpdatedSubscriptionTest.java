package io.cipherocto.market.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.cipherocto.market.support.Wallets;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.graphql.client.GraphQLClientException;
import io.smallrye.graphql.client.Response;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;
import io.smallrye.graphql.client.vertx.dynamic.VertxDynamicGraphQLClientBuilder;
import io.smallrye.graphql.client.websocket.WebsocketSubprotocol;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/** Subscriptions authenticate with the token in connection_init, and see committed changes live. */
@QuarkusTest
class MeUpdatedSubscriptionTest {

    private static final String SUBSCRIPTION = "subscription { meUpdated { username wallets { address } } }";

    @TestHTTPResource("/graphql")
    URL graphql;

    @Test
    void aLinkedWalletArrivesOverTheSubscription() throws Exception {
        TestUser user = TestUsers.create("subscriber", "consumer");
        try (DynamicGraphQLClient client = client(Map.of("Authorization", "Bearer " + user.token()))) {
            AssertSubscriber<Response> events = client.subscription(SUBSCRIPTION)
                    .subscribe().withSubscriber(AssertSubscriber.create(10));
            // the first event is the current state: once it is here, the subscription is live
            events.awaitItems(1, Duration.ofSeconds(20));
            JsonObject first = events.getItems().getFirst().getData().getJsonObject("meUpdated");
            assertThat(first.getString("username")).isEqualTo(user.username());

            ECKeyPair key = Keys.createEcKeyPair();
            String address = Wallets.address(key);
            String message = Gql.as(user, "mutation($a: EvmAddress!) { walletChallenge(address: $a) { message } }",
                    "a", address).extract().path("data.walletChallenge.message");
            Gql.as(user, "mutation($a: EvmAddress!, $s: String!) { linkWallet(address: $a, signature: $s) { address } }",
                    "a", address, "s", Wallets.sign(message, key)).body("errors", nullValue());

            // the event may arrive before the mutation's response does: wait for a second item, not for the next one
            // after this line (awaitNextItem would then wait for a third)
            events.awaitItems(2, Duration.ofSeconds(20));
            JsonObject latest = events.getItems().getLast().getData().getJsonObject("meUpdated");
            assertThat(latest.getJsonArray("wallets").getValuesAs(JsonObject.class))
                    .as("events: %s", events.getItems().stream().map(Response::getData).toList())
                    .anyMatch(w -> w.getString("address").equals(address));
        }
    }

    @Test
    void anAnonymousSubscriptionIsRefused() throws Exception {
        try (DynamicGraphQLClient client = client(Map.of())) {
            AssertSubscriber<Response> events = client.subscription(SUBSCRIPTION)
                    .subscribe().withSubscriber(AssertSubscriber.create(10));
            // graphql-transport-ws answers a subscribe that fails before any data with an `error` message,
            // which the client reports as the stream's failure
            events.awaitFailure(Duration.ofSeconds(20));
            assertThat(events.getFailure()).isInstanceOf(GraphQLClientException.class);
            assertThat(((GraphQLClientException) events.getFailure()).getErrors().getFirst().getExtensions())
                    .containsEntry("code", "UNAUTHENTICATED");
        }
    }

    private DynamicGraphQLClient client(Map<String, Object> initPayload) {
        return new VertxDynamicGraphQLClientBuilder()
                .url(graphql.toString())
                .subprotocols(WebsocketSubprotocol.GRAPHQL_TRANSPORT_WS)
                .initPayload(initPayload)
                .build();
    }
}
