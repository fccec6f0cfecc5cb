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
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterNumber;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Mirrors contract events into PostgreSQL with {@code eth_getLogs} over block ranges from a stored cursor,
 * behind N confirmations. Node calls happen outside any database transaction; each step then commits its
 * events, what handlers derive from them and the new cursor together, under an advisory lock (one replica
 * ingests at a time) and only if the cursor is still where the step read it. A stored block hash that is no
 * longer canonical means a reorg: events after the fork point are rolled back with everything derived.
 */
@ApplicationScoped
public class ChainMirror {

    private static final Logger LOG = Logger.getLogger(ChainMirror.class);
    private static final Duration DB_WAIT = Duration.ofSeconds(30);
    /** Advisory lock key of the mirror ("octo" + "mirr" in ASCII), combined with the chain id. */
    private static final long LOCK_BASE = 0x6f63746f6d697272L;

    private record Position(long block, String hash) {
    }

    private final Chain chain;
    private final ChainConfig config;
    private final Pool pool;
    private final Instance<ChainEventHandler> handlers;
    private ScheduledExecutorService executor;
    private volatile Long head;
    private volatile Long cursor;
    private volatile String lastError;
    private volatile OffsetDateTime lastSyncedAt;

    ChainMirror(Chain chain, ChainConfig config, Pool pool, Instance<ChainEventHandler> handlers) {
        this.chain = chain;
        this.config = config;
        this.pool = pool;
        this.handlers = handlers;
    }

    void start(@Observes StartupEvent ignored) {
        if (!chain.enabled()) {
            LOG.info("octo.chain.rpc-url not set: chain mirror off");
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "chain-mirror"));
        executor.scheduleWithFixedDelay(this::stepQuietly, 0, config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private void stepQuietly() {
        try {
            step();
            lastError = null;
        } catch (Exception e) {
            if (Thread.currentThread().isInterrupted()) {
                return; // shutting down
            }
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!error.equals(lastError)) {
                LOG.warnf("chain mirror step failed (retrying every %s): %s", config.pollInterval(), error);
            }
            lastError = error;
        }
    }

    /** One mirror step; synchronized so a test may also drive it. */
    public synchronized void step() throws IOException {
        Chain.Contracts contracts = chain.contracts();
        Web3j web3j = chain.web3j();
        long latest = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        head = latest;
        Optional<Position> at = readCursor();
        if (at.isPresent() && !at.get().hash().equals(canonicalHash(at.get().block()))) {
            rollBack(at.get());
            return;
        }
        long from = at.map(p -> p.block() + 1).orElse(contracts.fromBlock());
        long to = Math.min(latest - config.confirmations(), from + config.maxBlockRange() - 1);
        if (to < from) {
            commit(at, List.of(), Map.of(), null);
            return;
        }
        EthLog result = web3j.ethGetLogs(new EthFilter(new DefaultBlockParameterNumber(from),
                new DefaultBlockParameterNumber(to), List.of(contracts.paymentVault(), contracts.stakeManager()))).send();
        if (result.hasError()) {
            throw new IOException("eth_getLogs: " + result.getError().getMessage());
        }
        List<ChainEvent> events = new ArrayList<>();
        for (EthLog.LogResult<?> item : result.getLogs()) {
            ChainEvent.from(chain.chainId(), (Log) item.get(), contracts).ifPresent(events::add);
        }
        events.sort(Comparator.comparingLong(ChainEvent::blockNumber).thenComparingInt(ChainEvent::logIndex));
        Map<Long, String> hashes = new TreeMap<>();
        hashes.put(to, canonicalHash(to));
        for (ChainEvent e : events) {
            hashes.putIfAbsent(e.blockNumber(), e.blockHash());
        }
        // Logs and the range's end must come from one fork: re-check after fetching; a reorg in between retries.
        for (ChainEvent e : events) {
            if (!e.blockHash().equals(canonicalHash(e.blockNumber()))) {
                throw new IOException("reorg while fetching blocks " + from + ".." + to + "; retrying");
            }
        }
        commit(at, events, hashes, new Position(to, hashes.get(to)));
    }

    private void commit(Optional<Position> expected, List<ChainEvent> events, Map<Long, String> hashes,
            Position next) {
        boolean done = pool.withTransaction(conn -> lockedAt(conn, expected).flatMap(ok -> {
            if (!ok) {
                return Uni.createFrom().item(false);
            }
            Uni<List<ChainEvent>> inserted = events.isEmpty() ? Uni.createFrom().item(List.of()) : insert(conn, events);
            return inserted
                    .call(fresh -> forEachHandler(h -> h.ingested(conn, fresh)))
                    .call(() -> forEachHandler(h -> h.step(conn)))
                    .call(() -> next == null ? Uni.createFrom().voidItem() : advance(conn, next, hashes))
                    .replaceWith(true);
        })).await().atMost(DB_WAIT);
        if (done) {
            cursor = next != null ? Long.valueOf(next.block()) : expected.map(Position::block).orElse(null);
            lastSyncedAt = OffsetDateTime.now(ZoneOffset.UTC);
        }
    }

    /** Takes the mirror lock and checks the cursor is still where this step read it. */
    private Uni<Boolean> lockedAt(SqlConnection conn, Optional<Position> expected) {
        return conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1)").execute(Tuple.of(LOCK_BASE ^ chain.chainId()))
                .flatMap(rows -> {
                    if (!rows.iterator().next().getBoolean(0)) {
                        return Uni.createFrom().item(false);
                    }
                    return conn.preparedQuery("SELECT block_number, block_hash FROM chain_cursor WHERE chain_id = $1")
                            .execute(Tuple.of(chain.chainId()))
                            .map(cur -> {
                                Optional<Position> now = cur.size() == 0 ? Optional.empty()
                                        : Optional.of(position(cur.iterator().next()));
                                return now.equals(expected);
                            });
                });
    }

    private Uni<List<ChainEvent>> insert(SqlConnection conn, List<ChainEvent> events) {
        List<Tuple> rows = events.stream().map(e -> Tuple.tuple(Arrays.asList(e.chainId(),
                e.blockNumber(), e.logIndex(), e.blockHash(), e.txHash(), e.contract(), e.name(), e.account(),
                e.amount() == null ? null : Numeric.create(e.amount()), e.ref(),
                e.unlockAt() == null ? null : OffsetDateTime.ofInstant(e.unlockAt(), ZoneOffset.UTC)))).toList();
        return conn.preparedQuery("""
                        INSERT INTO chain_event (chain_id, block_number, log_index, block_hash, tx_hash, contract, name,
                                                 account, amount, ref, unlock_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                        ON CONFLICT DO NOTHING RETURNING block_number, log_index""")
                .executeBatch(rows)
                .map(result -> {
                    // a replayed range inserts nothing: handlers see only events that are new
                    Set<String> fresh = new HashSet<>();
                    for (var rs = result; rs != null; rs = rs.next()) {
                        rs.forEach(r -> fresh.add(r.getLong(0) + ":" + r.getInteger(1)));
                    }
                    return events.stream().filter(e -> fresh.contains(e.blockNumber() + ":" + e.logIndex())).toList();
                });
    }

    private Uni<Void> advance(SqlConnection conn, Position next, Map<Long, String> hashes) {
        List<Tuple> blocks = hashes.entrySet().stream()
                .map(h -> Tuple.of(chain.chainId(), h.getKey(), h.getValue())).toList();
        return conn.preparedQuery("""
                        INSERT INTO chain_block (chain_id, block_number, block_hash) VALUES ($1, $2, $3)
                        ON CONFLICT (chain_id, block_number) DO UPDATE SET block_hash = EXCLUDED.block_hash""")
                .executeBatch(blocks)
                .flatMap(r -> conn.preparedQuery("""
                        INSERT INTO chain_cursor (chain_id, block_number, block_hash) VALUES ($1, $2, $3)
                        ON CONFLICT (chain_id) DO UPDATE
                           SET block_number = EXCLUDED.block_number, block_hash = EXCLUDED.block_hash, updated_at = now()""")
                        .execute(Tuple.of(chain.chainId(), next.block(), next.hash())))
                .flatMap(r -> conn.preparedQuery("DELETE FROM chain_block WHERE chain_id = $1 AND block_number < $2")
                        .execute(Tuple.of(chain.chainId(), next.block() - config.reorgWindow())))
                .replaceWithVoid();
    }

    /** Finds the newest stored block that is still canonical and rolls everything after it back. */
    private void rollBack(Position stale) throws IOException {
        var stored = pool.preparedQuery("""
                        SELECT block_number, block_hash FROM chain_block
                         WHERE chain_id = $1 AND block_number <= $2 ORDER BY block_number DESC""")
                .execute(Tuple.of(chain.chainId(), stale.block())).await().atMost(DB_WAIT);
        Optional<Position> fork = Optional.empty();
        for (Row row : stored) {
            Position p = position(row);
            if (p.hash().equals(canonicalHash(p.block()))) {
                fork = Optional.of(p);
                break;
            }
        }
        long keep = fork.map(Position::block).orElse(-1L);
        Optional<Position> forkPoint = fork;
        Integer removed = pool.withTransaction(conn -> lockedAt(conn, Optional.of(stale)).flatMap(ok -> {
            if (!ok) {
                return Uni.createFrom().item(0);
            }
            return conn.preparedQuery("""
                            DELETE FROM chain_event WHERE chain_id = $1 AND block_number > $2
                            RETURNING chain_id, block_number, log_index, block_hash, tx_hash, contract, name, account,
                                      amount, ref, unlock_at""")
                    .execute(Tuple.of(chain.chainId(), keep))
                    .map(rows -> {
                        List<ChainEvent> gone = new ArrayList<>();
                        rows.forEach(r -> gone.add(ChainEvent.of(r)));
                        gone.sort(Comparator.comparingLong(ChainEvent::blockNumber)
                                .thenComparingInt(ChainEvent::logIndex).reversed());
                        return gone;
                    })
                    .call(gone -> forEachHandler(h -> h.rolledBack(conn, gone)))
                    .call(() -> conn.preparedQuery("DELETE FROM chain_block WHERE chain_id = $1 AND block_number > $2")
                            .execute(Tuple.of(chain.chainId(), keep)))
                    .call(() -> forkPoint.isPresent()
                            ? conn.preparedQuery("UPDATE chain_cursor SET block_number = $2, block_hash = $3, "
                                    + "updated_at = now() WHERE chain_id = $1")
                                    .execute(Tuple.of(chain.chainId(), forkPoint.get().block(), forkPoint.get().hash()))
                            : conn.preparedQuery("DELETE FROM chain_cursor WHERE chain_id = $1")
                                    .execute(Tuple.of(chain.chainId())))
                    .map(List::size);
        })).await().atMost(DB_WAIT);
        LOG.warnf("reorg: block %d is no longer canonical; rolled back %d events after block %d",
                stale.block(), removed, keep);
        cursor = forkPoint.map(Position::block).orElse(null);
    }

    private Uni<Void> forEachHandler(Function<ChainEventHandler, Uni<Void>> call) {
        Uni<Void> chainOfCalls = Uni.createFrom().voidItem();
        for (ChainEventHandler handler : handlers) {
            chainOfCalls = chainOfCalls.chain(() -> call.apply(handler));
        }
        return chainOfCalls;
    }

    private String canonicalHash(long block) throws IOException {
        EthBlock.Block b = chain.web3j().ethGetBlockByNumber(new DefaultBlockParameterNumber(block), false).send()
                .getBlock();
        return b == null ? "" : b.getHash();
    }

    private Optional<Position> readCursor() {
        var rows = pool.preparedQuery("SELECT block_number, block_hash FROM chain_cursor WHERE chain_id = $1")
                .execute(Tuple.of(chain.chainId())).await().atMost(DB_WAIT);
        return rows.size() == 0 ? Optional.empty() : Optional.of(position(rows.iterator().next()));
    }

    private static Position position(Row row) {
        return new Position(row.getLong("block_number"), row.getString("block_hash"));
    }

    /** Where the mirror stands; reads no node and no database. */
    public ChainStatus status() {
        if (!chain.enabled()) {
            return new ChainStatus(ChainStatus.State.DISABLED, Long.toString(chain.chainId()), null, null, null,
                    config.confirmations(), null, null, null, null, null);
        }
        Long h = head;
        Long c = cursor;
        ChainStatus.State state = lastError != null ? ChainStatus.State.DEGRADED
                : h != null && c != null && h - c <= config.confirmations() + 1 ? ChainStatus.State.SYNCED
                : ChainStatus.State.SYNCING;
        var contracts = chain.knownContracts();
        return new ChainStatus(state, Long.toString(chain.chainId()), h == null ? null : h.toString(),
                c == null ? null : c.toString(), h == null || c == null ? null : (int) Math.max(0, h - c),
                config.confirmations(), lastError, lastSyncedAt,
                contracts.map(Chain.Contracts::token).orElse(null),
                contracts.map(Chain.Contracts::stakeManager).orElse(null),
                contracts.map(Chain.Contracts::paymentVault).orElse(null));
    }
}
