package io.cipherocto.market;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cipherocto.market.chain.contracts.PaymentVault;
import io.cipherocto.market.support.Await;
import io.cipherocto.market.support.ChainNode;
import io.cipherocto.market.support.DevAccounts;
import io.cipherocto.market.support.ExternalPostgres;
import io.cipherocto.market.support.KeycloakResource;
import io.cipherocto.market.support.PackagedServer;
import io.cipherocto.market.support.TestUser;
import io.cipherocto.market.support.TestUsers;
import io.cipherocto.market.support.TestWallets;
import io.cipherocto.market.support.Wallets;
import io.restassured.path.json.JsonPath;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.utils.Numeric;

/**
 * The chain layer against the packaged server (prod profile, configured only through env vars, as in
 * production): a real Hardhat node ({@link ChainNode}, port 18545) with freshly deployed contracts, Keycloak,
 * and a fresh database on the system PostgreSQL (5432) per test.
 * <ul>
 * <li>deposit on chain, credited in the ledger, withdrawal requested, server crashed (SIGKILL) at once, a new
 * server on the same database pays it out on chain exactly once and credits nothing twice;
 * <li>two servers on one database: each payout is sent exactly once (one Payout log per ref, and no other
 * transaction from the server account to the vault, reverted or not).
 * </ul>
 */
@Tag("slow")
class ChainServersIT {

    private static final BigInteger OCTO = BigInteger.TEN.pow(18);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String BALANCES = "{ myBalances { available escrow bonded } }";
    private static final String WITHDRAW = """
            mutation($amount: TokenAmount!) {
              requestWithdrawal(amount: $amount) { id status amount wallet reference }
            }""";
    private static final String WITHDRAWALS = """
            { myWithdrawals(first: 20) { edges { node { id status reference txHash attempts lastError { code } } } } }""";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<PackagedServer> servers = new ArrayList<>();
    private Web3j web3j;
    private ChainNode.Deployment chain;
    private String vault;
    /** First block after the deployment: everything the scenario (and the servers) did on chain is from here. */
    private long startBlock;
    private String database;

    @BeforeEach
    void setUp() throws Exception {
        ExternalPostgres.assumeReachable("chain scenarios against the packaged server");
        // Before any server starts, so its OIDC tenant initialises eagerly.
        new KeycloakResource().start();
        ChainNode.ensureRunning();
        web3j = ChainNode.web3j();
        chain = ChainNode.deploy(web3j, TestWallets.address(), 3600);
        vault = chain.paymentVault().getContractAddress().toLowerCase();
        startBlock = blockNumber() + 1;
        database = ExternalPostgres.createDatabase("octo_market_chain_it_");
    }

    @AfterEach
    void tearDown() throws Exception {
        servers.forEach(PackagedServer::close);
        if (database != null) {
            ExternalPostgres.dropDatabase(database);
        }
        if (web3j != null) {
            web3j.shutdown();
        }
    }

    @Test
    void aWithdrawalIsPaidOutOnceAcrossACrashAndRestart() throws Exception {
        TestUser user = TestUsers.create("restart", "consumer");
        Credentials wallet = TestWallets.funded(chain.token(), OCTO.multiply(BigInteger.valueOf(100)));
        PackagedServer first = start("chain-restart-1");
        first.awaitReady(http, WAIT);

        link(first, user, wallet);
        deposit(wallet, OCTO.multiply(BigInteger.valueOf(100)));
        await("100 OCTO deposit credited to " + user, () -> balances(first, user),
                b -> b.getString("available").equals(OCTO.multiply(BigInteger.valueOf(100)).toString()), first);
        BigInteger walletBefore = tokenBalance(wallet);

        JsonPath requested = first.graphqlData(http, WITHDRAW,
                vars("amount", OCTO.multiply(BigInteger.valueOf(40)).toString()), user.token());
        first.kill(); // a crash, the moment the request is committed
        String id = requested.getString("data.requestWithdrawal.id");
        String ref = requested.getString("data.requestWithdrawal.reference");
        System.out.printf("ChainServersIT: server killed with withdrawal %s in outbox state %s, paid on chain: %s%n",
                id, outboxState(id), chain.paymentVault().isPaid(Numeric.hexStringToByteArray(ref)).send());

        PackagedServer second = start("chain-restart-2");
        second.awaitReady(http, WAIT);
        await("withdrawal " + id + " PAID after the restart", () -> withdrawals(second, user),
                w -> "PAID".equals(w.get(id)), first, second);

        assertThat(tokenBalance(wallet)).as("the wallet received the 40 OCTO once")
                .isEqualTo(walletBefore.add(OCTO.multiply(BigInteger.valueOf(40))));
        assertThat(payoutLogs(ref)).as("Payout logs for ref %s", ref).isEqualTo(1);
        assertThat(payoutTransactions()).as("transactions from the server account to the vault").hasSize(1);
        JsonPath balances = balances(second, user);
        assertThat(balances.getString("available")).as("available: 100 deposited once, 40 withdrawn")
                .isEqualTo(OCTO.multiply(BigInteger.valueOf(60)).toString());
        assertThat(balances.getString("escrow")).isEqualTo("0");
        assertThat(count("SELECT count(*) FROM deposit_credit")).as("deposit credits").isEqualTo(1);

        second.stopGracefully();
    }

    @Test
    void twoServersOnOneDatabaseSendEachPayoutOnce() throws Exception {
        TestUser user = TestUsers.create("replicas", "consumer");
        Credentials wallet = TestWallets.funded(chain.token(), OCTO.multiply(BigInteger.valueOf(10)));
        PackagedServer one = start("chain-replica-1");
        PackagedServer two = start("chain-replica-2");
        one.awaitReady(http, WAIT);
        two.awaitReady(http, WAIT);

        link(one, user, wallet);
        deposit(wallet, OCTO.multiply(BigInteger.valueOf(10)));
        await("10 OCTO deposit credited to " + user, () -> balances(two, user),
                b -> b.getString("available").equals(OCTO.multiply(BigInteger.valueOf(10)).toString()), one, two);
        BigInteger walletBefore = tokenBalance(wallet);

        Map<String, String> refs = new LinkedHashMap<>(); // withdrawal id -> ref
        for (int i = 0; i < 5; i++) {
            PackagedServer receiver = i % 2 == 0 ? one : two;
            JsonPath w = receiver.graphqlData(http, WITHDRAW, vars("amount", OCTO.toString()), user.token());
            refs.put(w.getString("data.requestWithdrawal.id"), w.getString("data.requestWithdrawal.reference"));
        }
        await("all 5 withdrawals PAID", () -> withdrawals(one, user),
                w -> refs.keySet().stream().allMatch(id -> "PAID".equals(w.get(id))), one, two);

        for (String ref : refs.values()) {
            assertThat(payoutLogs(ref)).as("Payout logs for ref %s", ref).isEqualTo(1);
        }
        assertThat(payoutLogs(null)).as("Payout logs on the vault").isEqualTo(5);
        List<JsonNode> sent = payoutTransactions();
        assertThat(sent).as("transactions from the server account to the vault (a reverted duplicate counts)")
                .hasSize(5)
                .allSatisfy(tx -> assertThat(receiptStatus(tx.get("hash").asText())).isEqualTo("0x1"));
        assertThat(tokenBalance(wallet)).isEqualTo(walletBefore.add(OCTO.multiply(BigInteger.valueOf(5))));
        assertThat(chain.token().balanceOf(vault).send()).as("vault balance")
                .isEqualTo(OCTO.multiply(BigInteger.valueOf(5)));
        for (PackagedServer server : List.of(one, two)) {
            JsonPath balances = balances(server, user);
            assertThat(balances.getString("available")).as("available on %s", server.name())
                    .isEqualTo(OCTO.multiply(BigInteger.valueOf(5)).toString());
            assertThat(balances.getString("escrow")).isEqualTo("0");
        }
        assertThat(count("SELECT count(*) FROM deposit_credit")).as("deposit credits").isEqualTo(1);

        one.stopGracefully();
        two.stopGracefully();
    }

    // ---- servers ------------------------------------------------------------------------------------------

    private PackagedServer start(String name) throws Exception {
        Map<String, String> env = new HashMap<>(ExternalPostgres.datasourceEnv(database));
        env.put("OCTO_CHAIN_RPC_URL", ChainNode.rpcUrl());
        env.put("OCTO_CHAIN_CHAIN_ID", Long.toString(ChainNode.CHAIN_ID));
        env.put("OCTO_CHAIN_CONFIRMATIONS", "0");
        env.put("OCTO_CHAIN_POLL_INTERVAL", "200ms");
        env.put("OCTO_WITHDRAWAL_FEE", "0"); // the balances asserted here are the payouts alone
        env.put("OCTO_CHAIN_SERVER_KEY",
                Numeric.toHexStringWithPrefixZeroPadded(DevAccounts.ADMIN.getEcKeyPair().getPrivateKey(), 64));
        env.put("OCTO_CHAIN_TOKEN_ADDRESS", chain.token().getContractAddress());
        env.put("OCTO_CHAIN_STAKE_MANAGER_ADDRESS", chain.stakeManager().getContractAddress());
        env.put("OCTO_CHAIN_PAYMENT_VAULT_ADDRESS", chain.paymentVault().getContractAddress());
        // A crashed replica's claim on a payout it was sending lapses after this (default 60 s): short enough
        // for the waits here, far longer than a send takes on an automining node.
        env.put("OCTO_CHAIN_OUTBOX_CLAIM", "20s");
        PackagedServer server = PackagedServer.start(name, env);
        servers.add(server);
        return server;
    }

    /** walletChallenge, personal_sign, linkWallet: what the web frontend does. */
    private void link(PackagedServer server, TestUser user, Credentials wallet) throws Exception {
        String address = wallet.getAddress();
        String message = server.graphqlData(http,
                "mutation($a: EvmAddress!) { walletChallenge(address: $a) { message } }", vars("a", address),
                user.token()).getString("data.walletChallenge.message");
        server.graphqlData(http,
                "mutation($a: EvmAddress!, $s: String!) { linkWallet(address: $a, signature: $s) { address } }",
                vars("a", address, "s", Wallets.sign(message, wallet.getEcKeyPair())), user.token());
    }

    private JsonPath balances(PackagedServer server, TestUser user) throws Exception {
        return server.graphqlData(http, BALANCES, null, user.token()).setRootPath("data.myBalances");
    }

    /** Withdrawal id -> status. */
    private Map<String, String> withdrawals(PackagedServer server, TestUser user) throws Exception {
        List<Map<String, Object>> nodes = server.graphqlData(http, WITHDRAWALS, null, user.token())
                .getList("data.myWithdrawals.edges.node");
        return nodes.stream().collect(Collectors.toMap(n -> (String) n.get("id"), n -> (String) n.get("status"),
                (a, b) -> a, LinkedHashMap::new));
    }

    /** Waits (at most {@link #WAIT}) until {@code done} holds; fails with the last value, outbox and log tails. */
    private <T> T await(String what, Await.Probe<T> probe, Predicate<T> done, PackagedServer... logs) {
        return Await.until(what, WAIT, probe, done, () -> {
            StringBuilder tails = new StringBuilder("; outbox: ").append(outboxState(null));
            for (PackagedServer server : logs) {
                tails.append(String.format("%n---- %s (%s), last 60 lines:%n%s", server.name(), server.logFile(),
                        server.tail(60)));
            }
            return tails.toString();
        });
    }

    // ---- chain --------------------------------------------------------------------------------------------

    /** approve + PaymentVault.deposit as the wallet. */
    private void deposit(Credentials wallet, BigInteger amount) throws Exception {
        ChainNode.Deployment asWallet = chain.as(wallet);
        asWallet.token().approve(vault, amount).send();
        asWallet.paymentVault().deposit(amount).send();
    }

    private BigInteger tokenBalance(Credentials wallet) throws Exception {
        return chain.token().balanceOf(wallet.getAddress()).send();
    }

    private long blockNumber() {
        return Numeric.decodeQuantity(ChainNode.rpc("eth_blockNumber").asText()).longValueExact();
    }

    /** Payout logs of the vault with {@code ref} (any ref when null). */
    private int payoutLogs(String ref) {
        return ChainNode.rpc("eth_getLogs", Map.of("fromBlock", "0x0", "toBlock", "latest", "address", vault,
                "topics", Arrays.asList(EventEncoder.encode(PaymentVault.PAYOUT_EVENT), null, ref))).size();
    }

    /** Every transaction from the server account (ADMIN) to the vault since {@link #startBlock}, mined or reverted. */
    private List<JsonNode> payoutTransactions() {
        String server = DevAccounts.ADMIN.getAddress().toLowerCase();
        List<JsonNode> found = new ArrayList<>();
        for (long n = startBlock, head = blockNumber(); n <= head; n++) {
            JsonNode block = ChainNode.rpc("eth_getBlockByNumber", Numeric.encodeQuantity(BigInteger.valueOf(n)), true);
            for (JsonNode tx : block.get("transactions")) {
                if (server.equalsIgnoreCase(tx.path("from").asText()) && vault.equalsIgnoreCase(tx.path("to").asText())) {
                    found.add(tx);
                }
            }
        }
        return found;
    }

    private static String receiptStatus(String txHash) {
        return ChainNode.rpc("eth_getTransactionReceipt", txHash).get("status").asText();
    }

    // ---- database -----------------------------------------------------------------------------------------

    private long count(String sql) throws Exception {
        try (Connection c = ExternalPostgres.connect(database); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The outbox rows (one when {@code id} is given), for diagnostics. */
    private String outboxState(String id) {
        String sql = "SELECT id, status, attempts, tx_hash, last_error, claimed_until FROM chain_outbox"
                + (id == null ? " ORDER BY created_at" : " WHERE id = '" + id + "'");
        try (Connection c = ExternalPostgres.connect(database); var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(String.format("{%s %s attempts=%d tx=%s error=%s claimed_until=%s}", rs.getString(1),
                        rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5), rs.getString(6)));
            }
            return rows.toString();
        } catch (Exception e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static String vars(Object... keysAndValues) throws Exception {
        Map<String, Object> vars = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            vars.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return JSON.writeValueAsString(vars);
    }
}
