package io.cipherocto.market.chain;

import io.cipherocto.market.chain.contracts.OctoToken;
import io.cipherocto.market.chain.contracts.PaymentVault;
import io.cipherocto.market.chain.contracts.StakeManager;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * The connection to the EVM chain: the node, the server's key, and the three contracts. Every call here
 * blocks; callers run on worker threads, never on the event loop.
 */
@ApplicationScoped
public class Chain {

    private static final Logger LOG = Logger.getLogger(Chain.class);
    private static final Duration DB_WAIT = Duration.ofSeconds(30);
    /** Legacy gas price high enough for a dev node's base fee; real networks want an oracle (see README). */
    static final ContractGasProvider GAS = new StaticGasProvider(
            BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(3_000_000));

    /** Addresses of the deployed contracts and the block to start ingesting from. */
    public record Contracts(String token, String stakeManager, String paymentVault, long fromBlock) {
    }

    private final ChainConfig config;
    private final Pool pool;
    private final Optional<Web3j> web3j;
    private final Optional<Credentials> credentials;
    private volatile Contracts contracts;

    Chain(ChainConfig config, Pool pool) {
        this.config = config;
        this.pool = pool;
        this.web3j = config.rpcUrl().map(url -> Web3j.build(new HttpService(url)));
        this.credentials = config.serverKey().map(Credentials::create);
    }

    public boolean enabled() {
        return web3j.isPresent();
    }

    public long chainId() {
        return config.chainId();
    }

    public Web3j web3j() {
        return web3j.orElseThrow(() -> new IllegalStateException("octo.chain.rpc-url is not set"));
    }

    /** The server's own account (PAYOUT_ROLE, SLASHER_ROLE). */
    public Credentials credentials() {
        return credentials.orElseThrow(() -> new IllegalStateException("octo.chain.server-key is not set"));
    }

    public TransactionManager transactionManager() {
        var receipts = new PollingTransactionReceiptProcessor(web3j(), config.receiptPollInterval().toMillis(), 240);
        return new RawTransactionManager(web3j(), credentials(), config.chainId(), receipts);
    }

    public PaymentVault paymentVault() {
        return PaymentVault.load(contracts().paymentVault(), web3j(), transactionManager(), GAS);
    }

    public StakeManager stakeManager() {
        return StakeManager.load(contracts().stakeManager(), web3j(), transactionManager(), GAS);
    }

    public OctoToken token() {
        return OctoToken.load(contracts().token(), web3j(), transactionManager(), GAS);
    }

    /** The contracts, resolved once: configured addresses, else (dev) the recorded or a fresh deployment. */
    public synchronized Contracts contracts() {
        if (contracts == null) {
            contracts = resolve();
        }
        return contracts;
    }

    /** The resolved contracts if resolution already happened (status queries must not touch the node). */
    public Optional<Contracts> knownContracts() {
        return Optional.ofNullable(contracts);
    }

    private Contracts resolve() {
        verifyChainId();
        if (config.tokenAddress().isPresent() && config.stakeManagerAddress().isPresent()
                && config.paymentVaultAddress().isPresent()) {
            return new Contracts(lower(config.tokenAddress().get()), lower(config.stakeManagerAddress().get()),
                    lower(config.paymentVaultAddress().get()), 0);
        }
        if (!config.autoDeploy()) {
            throw new IllegalStateException("set octo.chain.token-address, stake-manager-address and "
                    + "payment-vault-address (auto-deploy is for the dev and test profiles only)");
        }
        Contracts recorded = recorded();
        if (recorded != null && hasCode(recorded.paymentVault()) && hasCode(recorded.stakeManager())) {
            return recorded;
        }
        return deploy();
    }

    private void verifyChainId() {
        try {
            long actual = web3j().ethChainId().send().getChainId().longValueExact();
            if (actual != config.chainId()) {
                throw new IllegalStateException("node at octo.chain.rpc-url is chain " + actual
                        + ", configured octo.chain.chain-id is " + config.chainId());
            }
        } catch (IOException e) {
            throw new ChainUnavailableException(e);
        }
    }

    private Contracts recorded() {
        var rows = pool.preparedQuery("SELECT name, address, deployed_block FROM chain_contract WHERE chain_id = $1")
                .execute(Tuple.of(config.chainId())).await().atMost(DB_WAIT);
        Map<String, Row> byName = new HashMap<>();
        rows.forEach(row -> byName.put(row.getString("name"), row));
        if (!byName.keySet().containsAll(java.util.List.of("OctoToken", "StakeManager", "PaymentVault"))) {
            return null;
        }
        return new Contracts(byName.get("OctoToken").getString("address"),
                byName.get("StakeManager").getString("address"), byName.get("PaymentVault").getString("address"),
                byName.get("OctoToken").getLong("deployed_block"));
    }

    private boolean hasCode(String address) {
        try {
            String code = web3j().ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
            return code != null && code.length() > 2;
        } catch (IOException e) {
            throw new ChainUnavailableException(e);
        }
    }

    private Contracts deploy() {
        try {
            Web3j w = web3j();
            TransactionManager tm = transactionManager();
            String server = credentials().getAddress();
            long block = w.ethBlockNumber().send().getBlockNumber().longValueExact();
            OctoToken token = OctoToken.deploy(w, tm, GAS, BigInteger.ZERO).send();
            StakeManager stakes = StakeManager.deploy(w, tm, GAS, token.getContractAddress(), server,
                    BigInteger.valueOf(config.unstakeCooldown().toSeconds())).send();
            PaymentVault vault = PaymentVault.deploy(w, tm, GAS, token.getContractAddress()).send();
            stakes.grantRole(stakes.SLASHER_ROLE().send(), server).send();
            vault.grantRole(vault.PAYOUT_ROLE().send(), server).send();
            Contracts deployed = new Contracts(lower(token.getContractAddress()),
                    lower(stakes.getContractAddress()), lower(vault.getContractAddress()), block);
            record(deployed);
            LOG.infof("Deployed contracts on chain %d: token %s, stake manager %s, payment vault %s",
                    config.chainId(), deployed.token(), deployed.stakeManager(), deployed.paymentVault());
            return deployed;
        } catch (IOException e) {
            throw new ChainUnavailableException(e);
        } catch (Exception e) {
            throw new IllegalStateException("contract deployment failed", e);
        }
    }

    private void record(Contracts c) {
        pool.withTransaction(conn -> conn.preparedQuery("""
                        INSERT INTO chain_contract (chain_id, name, address, deployed_block) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (chain_id, name) DO UPDATE
                           SET address = EXCLUDED.address, deployed_block = EXCLUDED.deployed_block""")
                .executeBatch(java.util.List.of(
                        Tuple.of(config.chainId(), "OctoToken", c.token(), c.fromBlock()),
                        Tuple.of(config.chainId(), "StakeManager", c.stakeManager(), c.fromBlock()),
                        Tuple.of(config.chainId(), "PaymentVault", c.paymentVault(), c.fromBlock())))
                // a new deployment starts a new history: the old one's cursor and blocks mean nothing now
                .flatMap(r -> conn.preparedQuery("DELETE FROM chain_cursor WHERE chain_id = $1")
                        .execute(Tuple.of(config.chainId())))
                .flatMap(r -> conn.preparedQuery("DELETE FROM chain_block WHERE chain_id = $1")
                        .execute(Tuple.of(config.chainId()))))
                .await().atMost(DB_WAIT);
    }

    void close(@Observes ShutdownEvent ignored) {
        web3j.ifPresent(Web3j::shutdown);
    }

    private static String lower(String address) {
        return address.toLowerCase(Locale.ROOT);
    }
}
