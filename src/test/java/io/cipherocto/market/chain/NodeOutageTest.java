package io.cipherocto.market.chain;

import static io.cipherocto.market.settlement.ChainSettlementTest.available;
import static io.cipherocto.market.settlement.ChainSettlementTest.awaitTrue;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.chain.contracts.OctoToken;
import io.cipherocto.market.chain.contracts.PaymentVault;
import io.cipherocto.market.support.ChainNode;
import io.cipherocto.market.support.DevAccounts;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TcpProxy;
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
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.tx.TransactionManager;

/**
 * The node goes away and comes back (the server reaches it through a relay the test cuts): the chain shows
 * as degraded, mirrored data still answers, a withdrawal waits in the outbox and is paid once the node is back.
 */
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
        Credentials user = DevAccounts.account(2);
        Wallets.link("ada", user.getEcKeyPair());
        BigInteger before = available("ada");
        Web3j direct = ChainNode.web3j();
        try {
            TransactionManager tm = ChainNode.txManager(direct, user);
            chain.token().mint(user.getAddress(), BigInteger.valueOf(10)).send();
            OctoToken.load(chain.contracts().token(), direct, tm, ChainNode.GAS)
                    .approve(chain.contracts().paymentVault(), BigInteger.TEN).send();
            PaymentVault.load(chain.contracts().paymentVault(), direct, tm, ChainNode.GAS).deposit(BigInteger.TEN).send();
            awaitTrue(() -> available("ada").equals(before.add(BigInteger.TEN)), "deposit credited");

            RELAY.cut();
            awaitTrue(() -> "DEGRADED".equals(Gql.anonymous("{ chainStatus { state } }").extract()
                    .path("data.chainStatus.state")), "chain degraded");
            given().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'chain' }.data.state", equalTo("DEGRADED"));
            Gql.anonymous("{ chainStatus { lastError } }").body("data.chainStatus.lastError", notNullValue());
            // mirrored data still answers
            Gql.anonymous("query($w: String!) { stake(wallet: $w) { staked } }", "w", user.getAddress())
                    .body("errors", nullValue());
            String id = Gql.as("ada", "mutation { requestWithdrawal(amount: \"3\") { id status } }")
                    .body("errors", nullValue())
                    .body("data.requestWithdrawal.status", equalTo("QUEUED"))
                    .extract().path("data.requestWithdrawal.id");
            awaitTrue(() -> withdrawal(id, "lastError") != null, "a failed send attempt recorded");
            awaitTrue(() -> "QUEUED".equals(withdrawal(id, "status")), "still queued while the node is away");

            RELAY.start();
            awaitTrue(() -> "PAID".equals(withdrawal(id, "status")), "paid after the node came back");
            awaitTrue(() -> "SYNCED".equals(Gql.anonymous("{ chainStatus { state } }").extract()
                    .path("data.chainStatus.state")), "chain synced again");
            Gql.as("ada", "{ myBalances { available escrow } }")
                    .body("data.myBalances.available", equalTo(before.add(BigInteger.valueOf(7)).toString()))
                    .body("data.myBalances.escrow", equalTo("0"));
        } finally {
            direct.shutdown();
        }
    }

    private static String withdrawal(String id, String field) {
        return Gql.as("ada", "{ myWithdrawals(first: 20) { edges { node { id status lastError } } } }").extract()
                .jsonPath().getString("data.myWithdrawals.edges.find { it.node.id == '" + id + "' }.node." + field);
    }
}
