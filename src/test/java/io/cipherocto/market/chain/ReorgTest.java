package io.cipherocto.market.chain;

import static io.cipherocto.market.settlement.ChainSettlementTest.available;
import static org.assertj.core.api.Assertions.assertThat;

import io.cipherocto.market.chain.contracts.OctoToken;
import io.cipherocto.market.chain.contracts.PaymentVault;
import io.cipherocto.market.chain.contracts.StakeManager;
import io.cipherocto.market.support.Await;
import io.cipherocto.market.support.ChainNode;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.cipherocto.market.support.TestWallets;
import io.cipherocto.market.support.Wallets;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.tx.TransactionManager;

/** A reorg on a real node (evm_snapshot / evm_revert, then a different set of blocks) is rolled back. */
@Tag("slow")
@QuarkusTest
class ReorgTest {

    private static final String STAKE = "query($w: EvmAddress!) { stake(wallet: $w) { staked } }";

    @Inject
    Chain chain;

    @Inject
    Pool pool;

    @Test
    void eventsAfterTheForkAndWhatWasDerivedFromThemAreRolledBack() throws Exception {
        TestUser owner = TestUsers.create("reorged", "consumer");
        Credentials user = TestWallets.funded(chain.token(), BigInteger.valueOf(1_000));
        Wallets.link(owner, user);
        assertThat(available(owner)).isZero();
        String address = user.getAddress().toLowerCase();

        String snapshot = ChainNode.rpc("evm_snapshot").asText();
        deposit(user, 300);
        stake(user, 100);
        Await.until("deposit credited", () -> available(owner).equals(BigInteger.valueOf(300)));
        Await.until("stake mirrored",
                () -> "100".equals(Gql.anonymous(STAKE, "w", address).extract().path("data.stake.staked")));

        ChainNode.rpc("evm_revert", snapshot);
        // the other fork: a smaller deposit and enough empty blocks to pass the old height
        deposit(user, 50);
        for (int i = 0; i < 4; i++) {
            ChainNode.mine();
        }

        Await.until("reorg rolled back", () -> available(owner).equals(BigInteger.valueOf(50)));
        Await.until("stake rolled back",
                () -> "0".equals(Gql.anonymous(STAKE, "w", address).extract().path("data.stake.staked")));
        // exactly the canonical events remain, none twice
        List<String> names = pool.preparedQuery("SELECT name, amount FROM chain_event WHERE account = $1 "
                        + "ORDER BY block_number, log_index").execute(Tuple.of(address))
                .map(rows -> {
                    List<String> out = new java.util.ArrayList<>();
                    rows.forEach(r -> out.add(r.getString("name") + ":" + r.getNumeric("amount")));
                    return out;
                }).await().atMost(Duration.ofSeconds(5));
        assertThat(names).containsExactly("Deposited:50");
        // the ledger kept its history: the credit and its reversal are both there
        assertThat(Gql.as(owner, "{ myLedger(first: 10) { edges { node { transactionKind amount } } } }")
                .extract().jsonPath().<String>getList("data.myLedger.edges.node.transactionKind"))
                .contains("DEPOSIT_REVERSED", "DEPOSIT");
    }

    private void deposit(Credentials from, long amount) throws Exception {
        TransactionManager tm = ChainNode.txManager(chain.web3j(), from);
        OctoToken.load(chain.contracts().token(), chain.web3j(), tm, ChainNode.GAS)
                .approve(chain.contracts().paymentVault(), BigInteger.valueOf(amount)).send();
        PaymentVault.load(chain.contracts().paymentVault(), chain.web3j(), tm, ChainNode.GAS)
                .deposit(BigInteger.valueOf(amount)).send();
    }

    private void stake(Credentials from, long amount) throws Exception {
        TransactionManager tm = ChainNode.txManager(chain.web3j(), from);
        OctoToken.load(chain.contracts().token(), chain.web3j(), tm, ChainNode.GAS)
                .approve(chain.contracts().stakeManager(), BigInteger.valueOf(amount)).send();
        StakeManager.load(chain.contracts().stakeManager(), chain.web3j(), tm, ChainNode.GAS)
                .stake(BigInteger.valueOf(amount)).send();
    }
}
