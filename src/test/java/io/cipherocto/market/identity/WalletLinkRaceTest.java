package io.cipherocto.market.identity;

import static io.cipherocto.market.support.Wallets.address;
import static io.cipherocto.market.support.Wallets.sign;
import static org.assertj.core.api.Assertions.assertThat;

import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/**
 * Two participants link the same fresh wallet at the same moment (issue 7, part 2): exactly one wins, the other gets
 * CONFLICT WALLET_OWNED_BY_OTHER naming the address (links of one address are serialised, so the loser sees the
 * winner's row) — never INTERNAL, never a second row.
 */
@QuarkusTest
class WalletLinkRaceTest {

    private static final String CHALLENGE = "mutation($address: EvmAddress!) { walletChallenge(address: $address) { message } }";
    private static final String LINK = "mutation($a: EvmAddress!, $s: String!) { linkWallet(address: $a, signature: $s) { address } }";
    private static final int ROUNDS = 25;

    @Inject
    Pool pool;

    @Test
    void twoUsersLinkingOneWalletAtOnceGiveOneWinnerAndOneConflict() throws Exception {
        TestUser first = TestUsers.create("racer", "consumer");
        TestUser second = TestUsers.create("racer", "consumer");
        first.token();
        second.token();
        ExecutorService pair = Executors.newFixedThreadPool(2);
        List<String> losses = new ArrayList<>();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                ECKeyPair key = Keys.createEcKeyPair();
                String address = address(key);
                String firstMessage = challenge(first, address);
                String secondMessage = challenge(second, address);
                CyclicBarrier start = new CyclicBarrier(2);
                Future<JsonPath> a = pair.submit(link(start, first, address, sign(firstMessage, key)));
                Future<JsonPath> b = pair.submit(link(start, second, address, sign(secondMessage, key)));
                List<JsonPath> answers = List.of(a.get(), b.get());

                long wins = answers.stream().filter(r -> r.get("errors") == null).count();
                assertThat(wins).as("round %d: exactly one link wins: %s", round, bodies(answers)).isEqualTo(1);
                JsonPath loser = answers.stream().filter(r -> r.get("errors") != null).findFirst().orElseThrow();
                assertThat(loser.getString("errors[0].extensions.code")).as("round %d: %s", round, loser.prettify())
                        .isEqualTo("CONFLICT");
                assertThat(loser.getString("errors[0].extensions.reason")).as("round %d: %s", round, loser.prettify())
                        .isEqualTo("WALLET_OWNED_BY_OTHER");
                assertThat(loser.getString("errors[0].extensions.address")).as("round %d: %s", round,
                        loser.prettify()).isEqualTo(address);
                losses.add(loser.getString("errors[0].extensions.reason"));
                assertThat(rows(address)).as("round %d: one wallet row", round).isEqualTo(1);
            }
        } finally {
            pair.shutdownNow();
        }
        org.jboss.logging.Logger.getLogger(WalletLinkRaceTest.class).infof("wallet-link race: %d rounds, loser reasons %s", ROUNDS, losses);
    }

    private static String challenge(TestUser user, String address) {
        JsonPath answer = Gql.as(user, CHALLENGE, "address", address).extract().jsonPath();
        assertThat(answer.get("errors") == null).as("challenge: %s", answer.prettify()).isTrue();
        return answer.getString("data.walletChallenge.message");
    }

    private static Callable<JsonPath> link(CyclicBarrier start, TestUser user, String address, String signature) {
        String token = user.token();
        return () -> {
            start.await();
            return Gql.withToken(token, LINK, "a", address, "s", signature).statusCode(200).extract().jsonPath();
        };
    }

    private long rows(String address) {
        return pool.preparedQuery("SELECT count(*) FROM wallet WHERE address = $1").execute(Tuple.of(address))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    private static String bodies(List<JsonPath> answers) {
        return answers.stream().map(JsonPath::prettify).toList().toString();
    }
}
