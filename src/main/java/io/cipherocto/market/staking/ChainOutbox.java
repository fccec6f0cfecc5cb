package io.cipherocto.market.staking;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

/**
 * Chain transactions the server owes (payouts, slashes). A row is written in the business transaction that
 * creates the obligation; a sender thread on every replica claims due rows with {@code FOR UPDATE SKIP LOCKED}
 * (so one replica sends each), sends, and retries with backoff until the transaction is mined. The mirrored
 * event closes the row. Payouts are safe to resend: the vault pays each ref once.
 */
@ApplicationScoped
public class ChainOutbox {

    private static final Logger LOG = Logger.getLogger(ChainOutbox.class);
    private static final Duration DB_WAIT = Duration.ofSeconds(30);
    /** A sent transaction whose event has not been mirrored by then is checked and, if needed, sent again. */
    private static final Duration RESEND_AFTER = Duration.ofMinutes(2);
    private static final String PAYOUT_ALREADY_PROCESSED = "0x0c3bf71e";

    /** One owed transaction as the sender and the API see it. */
    public record Item(UUID id, String kind, UUID participantId, String account, BigInteger amount, String ref,
            String status, int attempts, String lastError, String txHash, OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {
    }

    private final Chain chain;
    private final ChainConfig config;
    private final Pool pool;
    private ScheduledExecutorService executor;

    ChainOutbox(Chain chain, ChainConfig config, Pool pool) {
        this.chain = chain;
        this.config = config;
        this.pool = pool;
    }

    void start(@Observes StartupEvent ignored) {
        if (chain.enabled()) {
            executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "chain-outbox"));
            executor.scheduleWithFixedDelay(this::drain, 0, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** The bytes32 payout ref for an outbox id: the id's 16 bytes, zero-padded. */
    public static String refOf(UUID id) {
        ByteBuffer bytes = ByteBuffer.allocate(32).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        return "0x" + HexFormat.of().formatHex(bytes.array());
    }

    /** Queues a payout inside the caller's transaction. */
    public Uni<Item> enqueuePayout(SqlConnection conn, UUID id, UUID participantId, String account, BigInteger amount) {
        return conn.preparedQuery("""
                        INSERT INTO chain_outbox (id, kind, participant_id, account, amount, ref, status)
                        VALUES ($1, 'PAYOUT', $2, $3, $4, $5, 'PENDING') RETURNING *""")
                .execute(Tuple.of(id, participantId, account, Numeric.create(amount), refOf(id)))
                .map(rows -> item(rows.iterator().next()));
    }

    /** Queues a slash; idempotent per reason hash (a second request for the same reason returns the first). */
    public Uni<Item> requestSlash(String account, BigInteger amount, String reasonHash) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        INSERT INTO chain_outbox (id, kind, account, amount, ref, status)
                        VALUES ($1, 'SLASH', $2, $3, $4, 'PENDING') ON CONFLICT (ref) DO NOTHING""")
                .execute(Tuple.of(UUID.randomUUID(), account, Numeric.create(amount), reasonHash))
                .flatMap(r -> conn.preparedQuery("SELECT * FROM chain_outbox WHERE ref = $1").execute(Tuple.of(reasonHash)))
                .map(rows -> item(rows.iterator().next())));
    }

    /** The mirrored event arrived: closes the row; returns it if this call closed it. */
    public Uni<Optional<Item>> confirmed(SqlConnection conn, String ref) {
        return conn.preparedQuery("""
                        UPDATE chain_outbox SET status = 'DONE', updated_at = now(), claimed_until = NULL
                         WHERE ref = $1 AND status <> 'DONE' RETURNING *""")
                .execute(Tuple.of(ref))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(item(rows.iterator().next())));
    }

    /** A reorg removed the event: the row is open again and will be checked and resent if needed. */
    public Uni<Optional<Item>> unconfirmed(SqlConnection conn, String ref) {
        return conn.preparedQuery("""
                        UPDATE chain_outbox SET status = 'SENT', updated_at = now(), next_attempt_at = now()
                         WHERE ref = $1 AND status = 'DONE' RETURNING *""")
                .execute(Tuple.of(ref))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(item(rows.iterator().next())));
    }

    public Uni<List<Item>> ofParticipant(UUID participantId, OffsetDateTime before, UUID beforeId, int limit) {
        return pool.preparedQuery("""
                        SELECT * FROM chain_outbox WHERE participant_id = $1
                           AND ($2::timestamptz IS NULL OR (created_at, id) < ($2, $3))
                         ORDER BY created_at DESC, id DESC LIMIT $4""")
                .execute(Tuple.tuple(Arrays.asList(participantId, before, beforeId, limit)))
                .map(rows -> {
                    List<Item> items = new ArrayList<>();
                    rows.forEach(r -> items.add(item(r)));
                    return items;
                });
    }

    /** Sends every due row, one at a time. Public so a test can drive a second "replica" by hand. */
    public void drain() {
        try {
            for (Optional<Item> next = claim(); next.isPresent(); next = claim()) {
                send(next.get());
            }
        } catch (RuntimeException e) {
            if (!Thread.currentThread().isInterrupted()) { // interrupted = shutting down
                LOG.warnf("outbox: %s", e.getMessage());
            }
        }
    }

    private Optional<Item> claim() {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        UPDATE chain_outbox SET status = 'SENDING', attempts = attempts + 1, updated_at = now(),
                               claimed_until = now() + make_interval(secs => $1)
                         WHERE id = (SELECT id FROM chain_outbox
                                      WHERE (status IN ('PENDING', 'SENT') AND next_attempt_at <= now())
                                         OR (status = 'SENDING' AND claimed_until < now())
                                      ORDER BY next_attempt_at FOR UPDATE SKIP LOCKED LIMIT 1)
                        RETURNING *""")
                .execute(Tuple.of((double) config.outboxClaim().toSeconds())))
                .map(rows -> rows.size() == 0 ? Optional.<Item>empty() : Optional.of(item(rows.iterator().next())))
                .await().atMost(DB_WAIT);
    }

    private void send(Item item) {
        try {
            String txHash = switch (item.kind()) {
                case "PAYOUT" -> payout(item);
                case "SLASH" -> slash(item);
                default -> throw new IllegalStateException("unknown outbox kind " + item.kind());
            };
            mark(item, "SENT", txHash, null, RESEND_AFTER);
        } catch (TransactionException e) {
            String revert = e.getTransactionReceipt().map(TransactionReceipt::getRevertReason).filter(r -> r != null)
                    .orElse(e.getMessage());
            if (revert != null && revert.contains(PAYOUT_ALREADY_PROCESSED)) {
                mark(item, "SENT", null, null, RESEND_AFTER);
            } else {
                // a revert, or a send the node refused (e.g. a nonce taken by another replica's send)
                mark(item, "PENDING", null, "not mined: " + revert, backoff(item.attempts()));
            }
        } catch (IOException | RuntimeException e) {
            mark(item, "PENDING", null, e.getClass().getSimpleName() + ": " + e.getMessage(), backoff(item.attempts()));
        } catch (Exception e) {
            mark(item, "PENDING", null, e.getMessage(), backoff(item.attempts()));
        }
    }

    private String payout(Item item) throws Exception {
        byte[] ref = org.web3j.utils.Numeric.hexStringToByteArray(item.ref());
        if (chain.paymentVault().isPaid(ref).send()) {
            return item.txHash(); // mined before (a resend after a crash or a reorg); the mirror closes the row
        }
        return sendOnce(item, chain.contracts().paymentVault(), new Function("payout",
                List.of(new Address(item.account()), new Uint256(item.amount()), new Bytes32(ref)), List.of()));
    }

    private String slash(Item item) throws Exception {
        // Slashes carry no on-chain replay guard: never resend one the mirror has already seen.
        Boolean seen = pool.preparedQuery("SELECT EXISTS (SELECT 1 FROM chain_event WHERE name = 'Slashed' "
                        + "AND ref = $1 AND account = $2)").execute(Tuple.of(item.ref(), item.account()))
                .map(rows -> rows.iterator().next().getBoolean(0)).await().atMost(DB_WAIT);
        if (seen) {
            return item.txHash();
        }
        return sendOnce(item, chain.contracts().stakeManager(), new Function("slash", List.of(
                new Address(item.account()), new Uint256(item.amount()),
                new Bytes32(org.web3j.utils.Numeric.hexStringToByteArray(item.ref()))), List.of()));
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
        String signed = org.web3j.utils.Numeric.toHexString(TransactionEncoder.signMessage(tx, chain.chainId(), credentials));
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

    private void mark(Item item, String status, String txHash, String error, Duration retryIn) {
        if (error != null) {
            LOG.warnf("outbox %s %s attempt %d failed: %s", item.kind(), item.id(), item.attempts(), error);
        }
        pool.preparedQuery("""
                        UPDATE chain_outbox SET status = $2, tx_hash = coalesce($3, tx_hash), last_error = $4,
                               claimed_until = NULL, updated_at = now(),
                               next_attempt_at = now() + make_interval(secs => $5)
                         WHERE id = $1 AND status = 'SENDING'""")
                .execute(Tuple.tuple(Arrays.asList(item.id(), status, txHash, error,
                        (double) retryIn.toMillis() / 1000)))
                .await().atMost(DB_WAIT);
    }

    private static Duration backoff(int attempts) {
        return Duration.ofSeconds(Math.min(60, 1L << Math.min(attempts, 6)));
    }

    private static Item item(Row r) {
        return new Item(r.getUUID("id"), r.getString("kind"), r.getUUID("participant_id"), r.getString("account"),
                r.getNumeric("amount").bigIntegerValue(), r.getString("ref"), r.getString("status"),
                r.getInteger("attempts"), r.getString("last_error"), r.getString("tx_hash"),
                r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));
    }
}
