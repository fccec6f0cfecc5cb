package io.cipherocto.market.chain;

import static io.cipherocto.market.settlement.ChainSettlementTest.available;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.chain.contracts.OctoToken;
import io.cipherocto.market.chain.contracts.PaymentVault;
import io.cipherocto.market.support.Await;
import io.cipherocto.market.support.ChainNode;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TcpProxy;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.cipherocto.market.support.TestWallets;
import io.cipherocto.market.support.Wallets;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.tx.TransactionManager;

/**
 * The node goes away and comes back (the server reaches it through a relay the test cuts): the chain shows
 * as degraded, mirrored data still answers, a withdrawal waits in the outbox and is paid once the node is back.
 */
@Tag("slow")
@QuarkusTest
@TestProfile(NodeOutageTest.ThroughRelay.class)
class NodeOutageTest {

    static final int RELAY_PORT = 18546;
    static final TcpProxy RELAY = new TcpProxy(RELAY_PORT, ChainNode.TEST_PORT);

    /** The server reaches the node only through the relay; until the relay is up it sees the node as down. */
    public static class ThroughRelay implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("octo.chain.rpc-url", "http://127.0.0.1:" + RELAY_PORT);
        }
    }

    @Inject
    Chain chain;

    @BeforeAll
    static void openRelay() throws IOException {
        ChainNode.ensureRunning(ChainNode.TEST_PORT);
        RELAY.start();
    }

    @AfterAll
    static void closeRelay() {
        RELAY.close();
    }

    @Test
    void anOutageDegradesTheChainAndQueuesPayoutsUntilItEnds() throws Exception {
        TestUser owner = TestUsers.create("outage", "consumer");
        Credentials user = TestWallets.funded(chain.token(), BigInteger.TEN);
        Wallets.link(owner, user);
        Web3j direct = ChainNode.web3j();
        try {
            TransactionManager tm = ChainNode.txManager(direct, user);
            OctoToken.load(chain.contracts().token(), direct, tm, ChainNode.GAS)
                    .approve(chain.contracts().paymentVault(), BigInteger.TEN).send();
            PaymentVault.load(chain.contracts().paymentVault(), direct, tm, ChainNode.GAS).deposit(BigInteger.TEN).send();
            Await.until("deposit credited", () -> available(owner).equals(BigInteger.TEN));

            RELAY.cut();
            Await.until("chain degraded", () -> "DEGRADED".equals(Gql.anonymous("{ chainStatus { state } }")
                    .extract().path("data.chainStatus.state")));
            given().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'chain' }.data.state", equalTo("DEGRADED"));
            // a code and a sentence, never exception text
            Gql.anonymous("{ chainStatus { lastError { code message } } }")
                    .body("data.chainStatus.lastError.code", equalTo("NODE_UNREACHABLE"))
                    .body("data.chainStatus.lastError.message", not(containsString("Exception")));
            // mirrored data still answers
            Gql.anonymous("query($w: EvmAddress!) { stake(wallet: $w) { staked } }", "w", user.getAddress())
                    .body("errors", nullValue());
            String id = Gql.as(owner, "mutation { requestWithdrawal(amount: \"3\") { id status } }")
                    .body("errors", nullValue())
                    // the outbox sender may already have claimed it (SENDING) when the answer reads its progress
                    .body("data.requestWithdrawal.status", org.hamcrest.Matchers.anyOf(equalTo("QUEUED"),
                            equalTo("SENDING")))
                    .extract().path("data.requestWithdrawal.id");
            Await.until("a failed send attempt recorded",
                    () -> "NODE_UNREACHABLE".equals(withdrawal(owner, id, "lastError.code")));
            Await.until("still queued while the node is away", () -> "QUEUED".equals(withdrawal(owner, id, "status")));

            RELAY.start();
            Await.until("paid after the node came back", () -> "PAID".equals(withdrawal(owner, id, "status")));
            Await.until("chain synced again", () -> "SYNCED".equals(Gql.anonymous("{ chainStatus { state } }")
                    .extract().path("data.chainStatus.state")));
            Gql.as(owner, "{ myBalances { available escrow } }")
                    .body("data.myBalances.available", equalTo("7"))
                    .body("data.myBalances.escrow", equalTo("0"));
        } finally {
            direct.shutdown();
        }
    }

    private static String withdrawal(TestUser user, String id, String field) {
        return Gql.as(user, "{ myWithdrawals(first: 20) { edges { node { id status lastError { code } } } } }").extract()
                .jsonPath().getString("data.myWithdrawals.edges.find { it.node.id == '" + id + "' }.node." + field);
    }
}
