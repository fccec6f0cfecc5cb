package io.cipherocto.market.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cipherocto.market.chain.contracts.OctoToken;
import io.cipherocto.market.chain.contracts.PaymentVault;
import io.cipherocto.market.chain.contracts.StakeManager;
import java.io.File;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.exceptions.JsonRpcError;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Convert;

/**
 * A real local Hardhat node for tests, run by {@code scripts/chain.sh} (the script developers use), plus the
 * few web3j pieces every chain test needs.
 * <p>
 * Tests use {@link #TEST_PORT} (18545), never the developer's 8545. {@link #ensureRunning(int)} reuses a node
 * that already answers on the port (left running) and otherwise starts one that is stopped at JVM exit.
 * {@link #stop()} / {@link #start()} kill and restart the current node mid-test (~3 s). A restarted Hardhat node
 * starts from an empty chain (block 0, no contracts, nonces 0), so a redeploy lands on the same addresses as
 * before; a {@link Web3j} client keeps working across the restart (plain HTTP). A node this JVM (re)started is
 * stopped at exit.
 *
 * <pre>{@code
 * ChainNode.ensureRunning();
 * Web3j web3j = ChainNode.web3j();                                 // shutdown() it when done
 * var d = ChainNode.deploy(web3j, TestWallets.address(), 3600);   // fresh OctoToken/StakeManager/PaymentVault
 * Credentials user = TestWallets.funded(d.token(), amount);        // gas + OCTO minted as DevAccounts.ADMIN
 * d.as(user).stakeManager().stake(amount).send();                  // as another account
 * String vault = d.paymentVault().getContractAddress();
 * }</pre>
 */
public final class ChainNode {

    /** Port of the tests' own node; a developer's node on 8545 is never touched. */
    public static final int TEST_PORT = Integer.getInteger("octo.test.chain-port", 18545);
    /** chainId of the Hardhat network (contracts/hardhat.config.cjs). */
    public static final long CHAIN_ID = 31337L;
    /** Receipt polling; web3j's default is 15 s. Automine has the receipt ready at once. */
    public static final long RECEIPT_POLL_MILLIS = 100;
    private static final int RECEIPT_POLL_ATTEMPTS = 300; // 30 s
    /** Legacy gas: 2 gwei covers Hardhat's base fee (1 gwei at genesis, falling while blocks are empty). */
    public static final ContractGasProvider GAS = new StaticGasProvider(
            Convert.toWei("2", Convert.Unit.GWEI).toBigInteger(), BigInteger.valueOf(3_000_000));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // Hardhat answers the h2c upgrade request with 400
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final AtomicLong RPC_IDS = new AtomicLong();
    /** Ports this JVM started a node on; stopped by the shutdown hook. */
    private static final Set<Integer> STARTED = new TreeSet<>();
    private static int port = TEST_PORT;
    private static boolean hookRegistered;

    private ChainNode() {
    }

    /** {@link #ensureRunning(int)} on {@link #TEST_PORT}. */
    public static void ensureRunning() {
        ensureRunning(TEST_PORT);
    }

    /**
     * Makes {@code port} the current node and starts it unless something already answers {@code eth_chainId}
     * there. A node started here is stopped at JVM exit; a reused one is left running.
     */
    public static synchronized void ensureRunning(int port) {
        ChainNode.port = port;
        if (!answers(port)) {
            start();
        }
    }

    /** Starts the node on the current port ({@code scripts/chain.sh start}; idempotent, waits for readiness). */
    public static synchronized void start() {
        script("start", port);
        STARTED.add(port);
        if (!hookRegistered) {
            Runtime.getRuntime().addShutdownHook(new Thread(ChainNode::stopAllStarted, "chain-node-stop"));
            hookRegistered = true;
        }
    }

    /**
     * Stops the node on the current port ({@code scripts/chain.sh stop}: TERM, then KILL) and checks the port
     * went quiet. Fails for a node the script did not start (it has no pid file to stop by).
     */
    public static synchronized void stop() {
        script("stop", port);
        if (answers(port)) {
            throw new IllegalStateException(rpcUrl() + " still answers after scripts/chain.sh stop: "
                    + "that node was not started by the script");
        }
    }

    public static synchronized int port() {
        return port;
    }

    public static synchronized String rpcUrl() {
        return rpcUrl(port);
    }

    public static String rpcUrl(int port) {
        return "http://127.0.0.1:" + port;
    }

    /** Whether {@code eth_chainId} answers on {@code port}. */
    public static boolean answers(int port) {
        try {
            rpc(rpcUrl(port), "eth_chainId");
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ web3j

    /** A new HTTP client for the current node; call {@link Web3j#shutdown()} when done. */
    public static Web3j web3j() {
        return Web3j.build(new HttpService(rpcUrl()));
    }

    /** Signs locally with {@code credentials} (chainId 31337), receipts polled every 100 ms. */
    public static TransactionManager txManager(Web3j web3j, Credentials credentials) {
        return new RawTransactionManager(web3j, credentials, CHAIN_ID,
                new PollingTransactionReceiptProcessor(web3j, RECEIPT_POLL_MILLIS, RECEIPT_POLL_ATTEMPTS));
    }

    /**
     * Deploys fresh contracts as {@link DevAccounts#ADMIN}: OctoToken (initial supply 0), StakeManager
     * (treasury, cooldown) and PaymentVault. ADMIN holds every role: DEFAULT_ADMIN and MINTER by construction,
     * SLASHER_ROLE and PAYOUT_ROLE granted here.
     */
    public static Deployment deploy(Web3j web3j, String treasury, long cooldownSeconds) {
        try {
            TransactionManager admin = txManager(web3j, DevAccounts.ADMIN);
            OctoToken token = OctoToken.deploy(web3j, admin, GAS, BigInteger.ZERO).send();
            StakeManager stakeManager = StakeManager.deploy(web3j, admin, GAS, token.getContractAddress(),
                    treasury, BigInteger.valueOf(cooldownSeconds)).send();
            PaymentVault paymentVault = PaymentVault.deploy(web3j, admin, GAS, token.getContractAddress()).send();
            stakeManager.grantRole(stakeManager.SLASHER_ROLE().send(), DevAccounts.ADMIN.getAddress()).send();
            paymentVault.grantRole(paymentVault.PAYOUT_ROLE().send(), DevAccounts.ADMIN.getAddress()).send();
            return new Deployment(web3j, token, stakeManager, paymentVault);
        } catch (Exception e) {
            throw new IllegalStateException("deploying the contracts to " + rpcUrl() + " failed", e);
        }
    }

    /** One set of deployed contracts, bound to the account that sends through them. */
    public record Deployment(Web3j web3j, OctoToken token, StakeManager stakeManager, PaymentVault paymentVault) {

        /** The same contracts, sending as {@code credentials}. */
        public Deployment as(Credentials credentials) {
            TransactionManager tm = txManager(web3j, credentials);
            return new Deployment(web3j,
                    OctoToken.load(token.getContractAddress(), web3j, tm, GAS),
                    StakeManager.load(stakeManager.getContractAddress(), web3j, tm, GAS),
                    PaymentVault.load(paymentVault.getContractAddress(), web3j, tm, GAS));
        }

        /** Contract name -> address, e.g. for application config. */
        public Map<String, String> addresses() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("OctoToken", token.getContractAddress());
            m.put("StakeManager", stakeManager.getContractAddress());
            m.put("PaymentVault", paymentVault.getContractAddress());
            return m;
        }
    }

    // ------------------------------------------------------------------ reverts

    /**
     * What a reverted transaction or call left behind: {@code data} is the 0x-hex revert data (4-byte custom
     * error selector + ABI-encoded arguments; "0x" for a bare revert), {@code txHash} the mined failed
     * transaction (null for a call).
     */
    public record Revert(String data, String txHash) {

        /** The first 4 bytes of {@link #data}, e.g. {@code 0x1f2a2005} for {@code ZeroAmount()}. */
        public String selector() {
            return data.length() >= 10 ? data.substring(0, 10) : data;
        }
    }

    private static final Pattern RETURN_DATA = Pattern.compile("return data: (0x[0-9a-fA-F]*)");

    /**
     * The revert found in {@code failure}'s cause chain. Hardhat rejects a reverting {@code eth_sendRawTransaction}
     * with a JSON-RPC error whose {@code data} is {@code {"message", "txHash", "data"}} (the transaction is still
     * mined, with status 0); web3j surfaces that JSON as the message of a {@link TransactionException} (sends) or
     * as {@link JsonRpcError#getData()}.
     *
     * @throws AssertionError if no revert data is found
     */
    public static Revert revertOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Revert r = null;
            if (t instanceof JsonRpcError e && e.getData() != null) {
                r = parseRevert(e.getData() instanceof String str ? str : JSON.valueToTree(e.getData()).toString());
            }
            if (r == null && t.getMessage() != null) {
                r = parseRevert(t.getMessage());
            }
            if (r != null) {
                return r;
            }
        }
        throw new AssertionError("no revert data in " + failure, failure);
    }

    private static Revert parseRevert(String text) {
        String trimmed = text.strip();
        if (trimmed.matches("0x[0-9a-fA-F]*")) {
            return new Revert(trimmed.toLowerCase(), null);
        }
        if (trimmed.startsWith("{")) {
            try {
                JsonNode node = JSON.readTree(trimmed);
                JsonNode data = node.path("data");
                if (data.isObject()) { // nested {message, data} shapes
                    return parseRevert(data.toString());
                }
                if (data.isTextual() && data.asText().startsWith("0x")) {
                    return new Revert(data.asText().toLowerCase(), node.path("txHash").textValue());
                }
            } catch (IOException e) {
                // not JSON after all: fall through to the message pattern
            }
        }
        Matcher m = RETURN_DATA.matcher(text);
        return m.find() ? new Revert(m.group(1).toLowerCase(), null) : null;
    }

    // ------------------------------------------------------------------ raw JSON-RPC (Hardhat extras)

    /** Moves the chain clock forward by {@code seconds} and mines a block with the new timestamp. */
    public static void increaseTime(long seconds) {
        rpc("evm_increaseTime", seconds);
        mine();
    }

    /** Mines one (empty) block. */
    public static void mine() {
        rpc("evm_mine");
    }

    /** A JSON-RPC call on the current node; returns {@code result}, throws on an {@code error} answer. */
    public static JsonNode rpc(String method, Object... params) {
        return rpc(rpcUrl(), method, params);
    }

    private static JsonNode rpc(String url, String method, Object... params) {
        try {
            String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", RPC_IDS.incrementAndGet(),
                    "method", method, "params", List.of(params)));
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = JSON.readTree(response.body());
            if (json.hasNonNull("error")) {
                throw new IllegalStateException(method + " failed: " + json.get("error"));
            }
            return json.get("result");
        } catch (IOException e) {
            throw new IllegalStateException(method + " on " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method, e);
        }
    }

    // ------------------------------------------------------------------ scripts/chain.sh

    private static synchronized void stopAllStarted() {
        for (int p : STARTED) {
            try {
                script("stop", p);
            } catch (RuntimeException e) {
                System.err.println("chain-node-stop: " + e.getMessage());
            }
        }
    }

    private static void script(String command, int port) {
        try {
            // Output through System.out, not inheritIO: surefire's forked JVM reports a corrupted channel when a
            // child writes to its native stdout. The node itself logs to .local/chain-<port>.log.
            ProcessBuilder pb = new ProcessBuilder("bash", script().toString(), command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().put("CHAIN_PORT", Integer.toString(port));
            Process process = pb.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            System.out.print(output);
            if (exit != 0) {
                throw new IllegalStateException("scripts/chain.sh " + command + " (port " + port + ") exited with "
                        + exit + ":\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run scripts/chain.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running scripts/chain.sh " + command, e);
        }
    }

    private static Path script() {
        return Path.of(System.getProperty("user.dir"), "scripts", "chain.sh");
    }
}
