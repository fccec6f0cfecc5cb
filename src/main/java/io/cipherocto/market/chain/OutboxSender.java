package io.cipherocto.market.chain;

import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.chain.ChainOutbox.Kind;
import io.cipherocto.market.chain.ChainOutbox.Status;
import io.cipherocto.market.core.audit.Audit;
import io.cipherocto.market.core.time.PollingWorker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * Gets queued chain transactions mined. A thread on every replica claims due rows with
 * {@code FOR UPDATE SKIP LOCKED} (so one replica sends each), signs, sends and retries with backoff. It is a
 * worker, not a command: each of its writes is one statement on the pool, and no node call ever runs inside a
 * database transaction.
 */
@ApplicationScoped
public class OutboxSender {

    private static final Logger LOG = Logger.getLogger(OutboxSender.class);
    private static final Duration DB_WAIT = Duration.ofSeconds(30);
    /** A sent transaction whose event has not been mirrored by then is checked and, if needed, sent again. */
    private static final Duration RESEND_AFTER = Duration.ofMinutes(2);
    private static final String PAYOUT_ALREADY_PROCESSED = "0x0c3bf71e";

    /** A claimed row. */
    private record Item(UUID id, Kind kind, String account, BigInteger amount, String reference, int attempts,
            String txHash) {
    }

    private final Chain chain;
    private final ChainConfig config;
    private final Pool pool;
    private final MirroredEvents events;
    private final MeterRegistry metrics;
    private final MultiGauge rows;
    private long rowsCountedAt;
    private PollingWorker worker;

    OutboxSender(Chain chain, ChainConfig config, Pool pool, MirroredEvents events, MeterRegistry metrics) {
        this.chain = chain;
        this.config = config;
        this.pool = pool;
        this.events = events;
        this.metrics = metrics;
        this.rows = MultiGauge.builder("octo_chain_outbox_rows").description("outbox rows by kind and status")
                .register(metrics);
    }

    void start(@Observes StartupEvent ignored) {
        if (chain.enabled()) {
            worker = new PollingWorker("chain-outbox", config.pollInterval(), this::drain);
        }
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        if (worker != null) {
            worker.stop();
        }
    }

    /** Sends every due row, one at a time. Public so a test can drive a second "replica" by hand. */
    public void drain() {
        try {
            for (Optional<Item> next = claim(); next.isPresent(); next = claim()) {
                send(next.get());
            }
            countRows();
        } catch (RuntimeException e) {
            if (!Thread.currentThread().isInterrupted()) { // interrupted = shutting down
                LOG.warnf("outbox: %s", e.getMessage());
            }
        }
    }

    private Optional<Item> claim() {
        return pool.preparedQuery("""
                        UPDATE chain_outbox SET status = 'SENDING', attempts = attempts + 1, updated_at = now(),
                               claimed_until = now() + make_interval(secs => $1)
                         WHERE id = (SELECT id FROM chain_outbox
                                      WHERE (status IN ('PENDING', 'SENT') AND next_attempt_at <= now())
                                         OR (status = 'SENDING' AND claimed_until < now())
                                      ORDER BY next_attempt_at FOR UPDATE SKIP LOCKED LIMIT 1)
                        RETURNING id, kind, account, amount, reference, attempts, tx_hash""")
                .execute(Tuple.of((double) config.outboxClaim().toSeconds()))
                .map(rows -> rows.size() == 0 ? Optional.<Item>empty() : Optional.of(item(rows.iterator().next())))
                .await().atMost(DB_WAIT);
    }

    private void send(Item item) {
        try {
            String txHash = switch (item.kind()) {
                case PAYOUT -> payout(item);
                case SLASH -> slash(item);
            };
            mark(item, Status.SENT, txHash, null, RESEND_AFTER);
        } catch (TransactionException e) {
            String revert = e.getTransactionReceipt().map(TransactionReceipt::getRevertReason).filter(r -> r != null)
                    .orElse(e.getMessage());
            if (revert != null && revert.contains(PAYOUT_ALREADY_PROCESSED)) {
                mark(item, Status.SENT, null, null, RESEND_AFTER);
            } else {
                // a revert, or a send the node refused (e.g. a nonce taken by another replica's send)
                failed(item, e, "not mined: " + revert);
            }
        } catch (Exception e) {
            failed(item, e, e.getClass().getName() + ": " + e.getMessage());
        }
    }

    /** Rows by kind and status for the gauge, at most every 10 s (one small GROUP BY). */
    private void countRows() {
        if (System.currentTimeMillis() - rowsCountedAt < 10_000) {
            return;
        }
        rowsCountedAt = System.currentTimeMillis();
        var counts = pool.preparedQuery("SELECT kind, status, count(*) FROM chain_outbox GROUP BY kind, status")
                .execute().await().atMost(DB_WAIT);
        List<MultiGauge.Row<?>> gauges = new java.util.ArrayList<>();
        for (Row r : counts) {
            gauges.add(MultiGauge.Row.of(Tags.of("kind", r.getString(0), "status", r.getString(1)), r.getLong(2)));
        }
        rows.register(gauges, true);
    }

    /** Stores the failure's code for the API; the details go to the log only, under an error id. */
    private void failed(Item item, Exception e, String details) {
        ChainFailure failure = ChainFailure.of(e);
        metrics.counter("octo_chain_outbox_send_failures", "kind", item.kind().name(), "failure", failure.name())
                .increment();
        LOG.warnf("outbox %s %s attempt %d failed with %s [errorId=%s]: %s", item.kind(), item.id(), item.attempts(),
                failure, UUID.randomUUID(), details);
        mark(item, Status.PENDING, null, failure, backoff(item.attempts()));
    }

    private String payout(Item item) throws Exception {
        byte[] reference = Numeric.hexStringToByteArray(item.reference());
        if (chain.paymentVault().isPaid(reference).send()) {
            return item.txHash(); // mined before (a resend after a crash or a reorg); the mirror closes the row
        }
        return sendOnce(item, chain.contracts().paymentVault(), new Function("payout",
                List.of(new Address(item.account()), new Uint256(item.amount()), new Bytes32(reference)), List.of()));
    }

    private String slash(Item item) throws Exception {
        // Slashes carry no on-chain replay guard: never resend one the mirror has already seen.
        if (events.slashSeen(item.account(), item.reference()).await().atMost(DB_WAIT)) {
            return item.txHash();
        }
        return sendOnce(item, chain.contracts().stakeManager(), new Function("slash", List.of(
                new Address(item.account()), new Uint256(item.amount()),
                new Bytes32(Numeric.hexStringToByteArray(item.reference()))), List.of()));
    }

    /**
     * Sends {@code call} unless an earlier attempt's transaction is mined or still pending. The signed
     * transaction's hash is stored before it is broadcast, so a replica that dies mid-send leaves behind
     * the hash to check instead of a blind resend.
     */
    private String sendOnce(Item item, String contract, Function call) throws Exception {
        Web3j web3j = chain.web3j();
        if (item.txHash() != null) {
            var receipt = web3j.ethGetTransactionReceipt(item.txHash()).send().getTransactionReceipt();
            if (receipt.map(TransactionReceipt::isStatusOK).orElse(false)) {
                return item.txHash(); // mined: the mirrored event closes the row
            }
            if (receipt.isEmpty() && web3j.ethGetTransactionByHash(item.txHash()).send().getTransaction().isPresent()) {
                return item.txHash(); // still pending: wait for it rather than compete with it
            }
        }
        Credentials credentials = chain.credentials();
        BigInteger nonce = web3j.ethGetTransactionCount(credentials.getAddress(), DefaultBlockParameterName.PENDING)
                .send().getTransactionCount();
        RawTransaction tx = RawTransaction.createTransaction(nonce, Chain.GAS.getGasPrice(), Chain.GAS.getGasLimit(),
                contract, FunctionEncoder.encode(call));
        String signed = Numeric.toHexString(TransactionEncoder.signMessage(tx, chain.chainId(), credentials));
        String hash = Hash.sha3(signed);
        recordHash(item, hash);
        EthSendTransaction sent = web3j.ethSendRawTransaction(signed).send();
        if (sent.hasError()) {
            throw new TransactionException(sent.getError().getMessage() + " " + sent.getError().getData());
        }
        TransactionReceipt receipt = new PollingTransactionReceiptProcessor(web3j,
                config.receiptPollInterval().toMillis(), 240).waitForTransactionReceipt(hash);
        if (!receipt.isStatusOK()) {
            throw new TransactionException("reverted in block " + receipt.getBlockNumber(), receipt);
        }
        return hash;
    }

    private void recordHash(Item item, String hash) {
        pool.preparedQuery("UPDATE chain_outbox SET tx_hash = $2, updated_at = now() WHERE id = $1 AND status = 'SENDING'")
                .execute(Tuple.of(item.id(), hash)).await().atMost(DB_WAIT);
    }

    private void mark(Item item, Status status, String txHash, ChainFailure error, Duration retryIn) {
        Audit.record("outbox." + status.name().toLowerCase(java.util.Locale.ROOT), Map.of("outbox", item.id(),
                "kind", item.kind(), "attempt", item.attempts(), "txHash", String.valueOf(txHash),
                "failure", String.valueOf(error)));
        pool.preparedQuery("""
                        UPDATE chain_outbox SET status = $2, tx_hash = coalesce($3, tx_hash), last_error = $4,
                               claimed_until = NULL, updated_at = now(),
                               next_attempt_at = now() + make_interval(secs => $5)
                         WHERE id = $1 AND status = 'SENDING'""")
                .execute(Tuple.tuple(Arrays.asList(item.id(), status.name(), txHash, error == null ? null : error.name(),
                        (double) retryIn.toMillis() / 1000)))
                .await().atMost(DB_WAIT);
    }

    private static Duration backoff(int attempts) {
        return Duration.ofSeconds(Math.min(60, 1L << Math.min(attempts, 6)));
    }

    private static Item item(Row r) {
        return new Item(r.getUUID("id"), Kind.valueOf(r.getString("kind")), r.getString("account"),
                Rows.bigInteger(r, "amount"), r.getString("reference"), r.getInteger("attempts"),
                r.getString("tx_hash"));
    }
}
