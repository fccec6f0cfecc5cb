package io.cipherocto.market.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.chain.Chain;
import io.cipherocto.market.staking.StakeService;
import io.cipherocto.market.support.Commands;
import java.util.UUID;
import io.cipherocto.market.chain.contracts.OctoToken;
import io.cipherocto.market.chain.contracts.PaymentVault;
import io.cipherocto.market.chain.contracts.StakeManager;
import io.cipherocto.market.support.ChainNode;
import io.cipherocto.market.support.Await;
import io.cipherocto.market.support.Gql;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.cipherocto.market.support.TestWallets;
import io.cipherocto.market.support.Wallets;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;

/** Deposits, withdrawals and stakes end to end: real Hardhat node, real contracts, real ledger. */
@QuarkusTest
public class ChainSettlementTest {

    private static final BigInteger OCTO = BigInteger.TEN.pow(18);
    private static final String BALANCES = "{ myBalances { available escrow bonded } }";
    private static final String WITHDRAW = """
            mutation($amount: TokenAmount!, $wallet: EvmAddress) {
              requestWithdrawal(amount: $amount, wallet: $wallet) { id status amount wallet reference }
            }""";
    private static final String WITHDRAWALS = "{ myWithdrawals(first: 10) { edges { node { id status txHash } } } }";

    @Inject
    Chain chain;

    @Inject
    StakeService stakes;


    @Test
    void depositIsCreditedAndAWithdrawalIsPaidOutOnce() throws Exception {
        TestUser conrad = TestUsers.create("depositor", "consumer");
        Credentials user = TestWallets.funded(chain.token(), OCTO.multiply(BigInteger.valueOf(100)));
        Wallets.link(conrad, user);
        assertThat(available(conrad)).isZero();
        deposit(user, OCTO.multiply(BigInteger.valueOf(100)));
        Await.until("deposit credited", () -> available(conrad).equals(OCTO.multiply(BigInteger.valueOf(100))));

        BigInteger walletBefore = tokenBalance(user.getAddress());
        JsonPath w = Gql.as(conrad, WITHDRAW, "amount", OCTO.multiply(BigInteger.valueOf(40)).toString())
                .body("errors", nullValue()).extract().jsonPath();
        String id = w.getString("data.requestWithdrawal.id");
        String ref = w.getString("data.requestWithdrawal.reference");
        assertThat(available(conrad)).isEqualTo(OCTO.multiply(BigInteger.valueOf(60)));

        Await.until("withdrawal paid", () -> "PAID".equals(withdrawalStatus(conrad, id)));
        assertThat(tokenBalance(user.getAddress())).isEqualTo(walletBefore.add(OCTO.multiply(BigInteger.valueOf(40))));
        assertThat(vault().isPaid(org.web3j.utils.Numeric.hexStringToByteArray(ref)).send()).isTrue();
        Gql.as(conrad, BALANCES).body("data.myBalances.escrow", equalTo("0"));
        // paid exactly once: the vault emitted one Payout for this ref
        assertThat(payoutEvents(ref)).isEqualTo(1);
    }

    @Test
    void aDepositFromAnUnlinkedWalletIsHeldUntilTheWalletIsLinked() throws Exception {
        TestUser ivy = TestUsers.create("late-linker", "consumer", "contributor");
        Credentials stranger = TestWallets.funded(chain.token(), BigInteger.valueOf(7_000));
        deposit(stranger, BigInteger.valueOf(7_000));
        Await.until("mirror caught up", this::chainCursorPassed);
        assertThat(available(ivy)).isZero();
        Wallets.link(ivy, stranger);
        Await.until("held deposit credited", () -> available(ivy).equals(BigInteger.valueOf(7_000)));
    }

    @Test
    void stakesAndSlashesAreMirrored() throws Throwable {
        Credentials staker = TestWallets.funded(chain.token(), BigInteger.valueOf(500));
        StakeManager asStaker = StakeManager.load(chain.contracts().stakeManager(), web3j(),
                ChainNode.txManager(web3j(), staker), ChainNode.GAS);
        OctoToken.load(chain.contracts().token(), web3j(), ChainNode.txManager(web3j(), staker), ChainNode.GAS)
                .approve(chain.contracts().stakeManager(), BigInteger.valueOf(500)).send();
        asStaker.stake(BigInteger.valueOf(300)).send();
        asStaker.requestUnstake(BigInteger.valueOf(100)).send();
        String q = "query($w: EvmAddress!) { stake(wallet: $w) { staked unstaking unlockAt available slashed } }";
        Await.until("stake mirrored",
                () -> "200".equals(Gql.anonymous(q, "w", staker.getAddress()).extract().path("data.stake.staked")));
        Gql.anonymous(q, "w", staker.getAddress()).body("data.stake.unstaking", equalTo("100"))
                .body("data.stake.available", equalTo("0"))
                .body("data.stake.slashed", equalTo("0"));

        String reason = "test-spam:" + UUID.randomUUID();
        String hash = Commands.inTransaction(s -> stakes.requestSlash(s, staker.getAddress(), BigInteger.valueOf(250),
                reason));
        assertThat(hash).isEqualTo(StakeService.reasonHash(reason));
        // idempotent per reason: asking again queues nothing new
        Commands.inTransaction(s -> stakes.requestSlash(s, staker.getAddress(), BigInteger.valueOf(250), reason));
        Await.until("slash mirrored",
                () -> "250".equals(Gql.anonymous(q, "w", staker.getAddress()).extract().path("data.stake.slashed")));
        Gql.anonymous(q, "w", staker.getAddress()).body("data.stake.staked", equalTo("0"))
                .body("data.stake.unstaking", equalTo("50"));
        assertThat(asStaker.stakedOf(staker.getAddress()).send()).isZero();
    }

    @Test
    void badWithdrawalsAreRefusedAndChangeNothing() throws Exception {
        TestUser oscar = TestUsers.create("withdrawer", "operator");
        Credentials user = TestWallets.fresh();
        Wallets.link(oscar, user);
        BigInteger before = available(oscar);
        Gql.as(oscar, WITHDRAW, "amount", before.add(BigInteger.ONE).toString())
                .body("errors[0].extensions.code", equalTo("INSUFFICIENT_FUNDS"));
        for (String bad : new String[] {"-1", "1.5", "abc", "1e18",
                "115792089237316195423570985008687907853269984665640564039457584007913129639936"}) {
            Gql.as(oscar, WITHDRAW, "amount", bad).body("errors[0].extensions.code", equalTo("VALIDATION"));
        }
        Gql.as(oscar, WITHDRAW, "amount", "0").body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo("amount"));
        Gql.as(oscar, WITHDRAW, "amount", "1", "wallet", "0x1234")
                .body("errors[0].extensions.field", equalTo("wallet"));
        Gql.as(oscar, WITHDRAW, "amount", "1", "wallet", TestWallets.address())
                .body("errors[0].extensions.field", equalTo("wallet"));
        Gql.as(TestUsers.create("walletless"), WITHDRAW, "amount", "1")
                .body("errors[0].extensions.code", equalTo("VALIDATION"))
                .body("errors[0].extensions.field", equalTo("wallet"));
        assertThat(available(oscar)).isEqualTo(before);
        Gql.as(oscar, WITHDRAWALS).body("data.myWithdrawals.edges", org.hamcrest.Matchers.empty());
    }

    @Test
    void chainStatusReportsTheMirror() {
        Await.until("mirror synced", this::chainCursorPassed);
        Gql.anonymous("{ chainStatus { state chainId head cursor lag confirmations paymentVaultAddress } }")
                .body("errors", nullValue())
                .body("data.chainStatus.state", equalTo("SYNCED"))
                .body("data.chainStatus.chainId", equalTo("31337"))
                .body("data.chainStatus.paymentVaultAddress", equalTo(chain.contracts().paymentVault()));
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private boolean chainCursorPassed() {
        JsonPath s = Gql.anonymous("{ chainStatus { head cursor } }").extract().jsonPath();
        String head = s.getString("data.chainStatus.head");
        return head != null && head.equals(s.getString("data.chainStatus.cursor"));
    }

    private void deposit(Credentials from, BigInteger amount) throws Exception {
        var tm = ChainNode.txManager(web3j(), from);
        OctoToken.load(chain.contracts().token(), web3j(), tm, ChainNode.GAS)
                .approve(chain.contracts().paymentVault(), amount).send();
        PaymentVault.load(chain.contracts().paymentVault(), web3j(), tm, ChainNode.GAS).deposit(amount).send();
    }

    private BigInteger tokenBalance(String address) throws Exception {
        return chain.token().balanceOf(address).send();
    }

    private PaymentVault vault() {
        return chain.paymentVault();
    }

    private long payoutEvents(String ref) {
        return ChainNode.rpc("eth_getLogs", java.util.Map.of("fromBlock", "0x0", "toBlock", "latest",
                "address", chain.contracts().paymentVault(),
                "topics", java.util.Arrays.asList(org.web3j.abi.EventEncoder.encode(PaymentVault.PAYOUT_EVENT), null,
                        ref))).size();
    }

    private Web3j web3j() {
        return chain.web3j();
    }

    public static BigInteger available(TestUser user) {
        return new BigInteger(Gql.as(user, BALANCES).body("errors", nullValue()).extract()
                .<String>path("data.myBalances.available"));
    }

    private static String withdrawalStatus(TestUser user, String id) {
        return Gql.as(user, WITHDRAWALS).extract().jsonPath()
                .getString("data.myWithdrawals.edges.find { it.node.id == '" + id + "' }.node.status");
    }
}
