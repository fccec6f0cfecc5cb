package io.cipherocto.market.chain;

import io.cipherocto.market.chain.ForkFinder.Block;
import io.cipherocto.market.core.db.Transactions;
import io.cipherocto.market.core.scalar.EvmAddress;
import io.cipherocto.market.core.time.PollingWorker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterNumber;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Mirrors contract events into PostgreSQL with {@code eth_getLogs} over block ranges from a stored cursor,
 * behind N confirmations. Node calls happen outside any database transaction; each step then commits, in one
 * transaction on one session, its events, what handlers derive from them, the outbox rows the events close and
 * the new cursor, under an advisory lock (one replica ingests at a time) and only if the cursor is still where
 * the step read it. A stored block hash that is no longer canonical means a reorg: events after the fork point
 * ({@link ForkFinder}) are rolled back with everything derived.
 */
@ApplicationScoped
public class ChainMirror {

    private static final Logger LOG = Logger.getLogger(ChainMirror.class);
    private static final Duration DB_WAIT = Duration.ofSeconds(30);
    /** Advisory lock key of the mirror ("octo" + "mirr" in ASCII), combined with the chain id. */
    private static final long LOCK_BASE = 0x6f63746f6d697272L;

    private final Chain chain;
    private final ChainConfig config;
    private final Transactions transactions;
    private final MirroredEvents events;
    private final ChainOutbox outbox;
    private final ForkFinder forks;
    private final Instance<ChainEventHandler> handlers;
    private PollingWorker worker;
    private volatile Long head;
    private volatile Long cursor;
    private volatile ChainError lastError;
    private volatile OffsetDateTime lastSyncedAt;

    ChainMirror(Chain chain, ChainConfig config, Transactions transactions, MirroredEvents events,
            ChainOutbox outbox, ForkFinder forks, Instance<ChainEventHandler> handlers) {
        this.chain = chain;
        this.config = config;
        this.transactions = transactions;
        this.events = events;
        this.outbox = outbox;
        this.forks = forks;
        this.handlers = handlers;
    }

    void start(@Observes StartupEvent ignored, MeterRegistry metrics) {
        Gauge.builder("octo_chain_head", this, m -> number(m.head)).description("latest block the node reported")
                .register(metrics);
        Gauge.builder("octo_chain_cursor", this, m -> number(m.cursor)).description("last block ingested")
                .register(metrics);
        Gauge.builder("octo_chain_lag_blocks", this, m -> m.head == null || m.cursor == null ? Double.NaN
                : Math.max(0, m.head - m.cursor)).description("head - cursor").register(metrics);
        Gauge.builder("octo_chain_degraded", this, m -> m.lastError == null ? 0 : 1)
                .description("1 while the node does not answer").register(metrics);
        if (!chain.enabled()) {
            LOG.info("octo.chain.rpc-url not set: chain mirror off");
            return;
        }
        worker = new PollingWorker("chain-mirror", config.pollInterval(), this::stepQuietly);
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        if (worker != null) {
            worker.stop();
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
            ChainFailure failure = ChainFailure.of(e);
            if (lastError == null || lastError.code() != failure) {
                // details only here, once per new kind of failure; the API shows the code and its sentence
                LOG.warnf("chain mirror step failed with %s (retrying every %s): %s: %s", failure,
                        config.pollInterval(), e.getClass().getName(), e.getMessage());
                lastError = ChainError.of(failure, OffsetDateTime.now(ZoneOffset.UTC));
            }
        }
    }

    /** One mirror step; synchronized so a test may also drive it. */
    public synchronized void step() throws IOException {
        Chain.Contracts contracts = chain.contracts();
        Web3j web3j = chain.web3j();
        long latest = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        head = latest;
        Optional<Block> at = readCursor();
        if (at.isPresent() && !forks.isCanonical(at.get())) {
            rollBack(at.get());
            return;
        }
        long from = at.map(b -> b.number() + 1).orElse(contracts.fromBlock());
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
        List<ChainEvent> fetched = new ArrayList<>();
        for (EthLog.LogResult<?> item : result.getLogs()) {
            ChainEvent.fromLog(chain.chainId(), (Log) item.get(), contracts).ifPresent(fetched::add);
        }
        fetched.sort(Comparator.comparingLong((ChainEvent e) -> e.at().blockNumber())
                .thenComparingInt(e -> e.at().logIndex()));
        Map<Long, String> hashes = new TreeMap<>();
        hashes.put(to, forks.canonicalHash(to));
        for (ChainEvent e : fetched) {
            hashes.putIfAbsent(e.at().blockNumber(), e.at().blockHash());
        }
        // Logs and the range's end must come from one fork: re-check after fetching; a reorg in between retries.
        for (ChainEvent e : fetched) {
            if (!forks.isCanonical(new Block(e.at().blockNumber(), e.at().blockHash()))) {
                throw new IOException("reorg while fetching blocks " + from + ".." + to + "; retrying");
            }
        }
        commit(at, fetched, hashes, new Block(to, hashes.get(to)));
    }

    private void commit(Optional<Block> expected, List<ChainEvent> fetched, Map<Long, String> hashes, Block next) {
        boolean done = inTransaction(session -> lockedAt(session, expected).flatMap(ok -> {
            if (!ok) {
                return Uni.createFrom().item(false);
            }
            return events.insertNew(session, fetched)
                    .call(fresh -> forEachAnswer(fresh, reference -> outbox.confirmed(session, reference)))
                    .call(fresh -> forEachHandler(h -> h.ingested(session, fresh)))
                    .call(() -> forEachHandler(h -> h.step(session)))
                    .call(() -> next == null ? Uni.createFrom().voidItem() : advance(session, next, hashes))
                    .replaceWith(true);
        }));
        if (done) {
            cursor = next != null ? Long.valueOf(next.number()) : expected.map(Block::number).orElse(null);
            lastSyncedAt = OffsetDateTime.now(ZoneOffset.UTC);
        }
    }

    /**
     * The events that answer queued transactions (a payout paid, a slash taken): each one's reference, handed to
     * {@code close} (ingested: the row is done) or {@code reopen} (rolled back: the row is open again).
     */
    private static Uni<Void> forEachAnswer(List<ChainEvent> events, Function<String, Uni<Integer>> action) {
        Uni<Void> work = Uni.createFrom().voidItem();
        for (ChainEvent e : events) {
            if (e instanceof ChainEvent.Payout || e instanceof ChainEvent.Slashed) {
                work = work.call(() -> action.apply(e.reference()));
            }
        }
        return work;
    }

    /** Takes the mirror lock and checks the cursor is still where this step read it. */
    private Uni<Boolean> lockedAt(Mutiny.Session session, Optional<Block> expected) {
        return session.createNativeQuery("SELECT pg_try_advisory_xact_lock(:key)", Boolean.class)
                .setParameter("key", LOCK_BASE ^ chain.chainId()).getSingleResult()
                .flatMap(locked -> !locked ? Uni.createFrom().item(false)
                        : cursorOf(session).map(now -> now.equals(expected)));
    }

    private Uni<Optional<Block>> cursorOf(Mutiny.Session session) {
        return session.createNativeQuery("SELECT block_number, block_hash FROM chain_cursor WHERE chain_id = :chain",
                        Object[].class)
                .setParameter("chain", chain.chainId()).getResultList()
                .map(rows -> rows.stream().findFirst()
                        .map(r -> new Block(((Number) r[0]).longValue(), (String) r[1])));
    }

    private Uni<Void> advance(Mutiny.Session session, Block next, Map<Long, String> hashes) {
        Uni<Void> work = Uni.createFrom().voidItem();
        for (var h : hashes.entrySet()) {
            work = work.call(() -> session.createNativeQuery("""
                            INSERT INTO chain_block (chain_id, block_number, block_hash) VALUES (:chain, :block, :hash)
                            ON CONFLICT (chain_id, block_number) DO UPDATE SET block_hash = EXCLUDED.block_hash""")
                    .setParameter("chain", chain.chainId()).setParameter("block", h.getKey())
                    .setParameter("hash", h.getValue()).executeUpdate());
        }
        return work
                .call(() -> session.createNativeQuery("""
                                INSERT INTO chain_cursor (chain_id, block_number, block_hash) VALUES (:chain, :block, :hash)
                                ON CONFLICT (chain_id) DO UPDATE
                                   SET block_number = EXCLUDED.block_number, block_hash = EXCLUDED.block_hash,
                                       updated_at = now()""")
                        .setParameter("chain", chain.chainId()).setParameter("block", next.number())
                        .setParameter("hash", next.hash()).executeUpdate())
                .call(() -> session.createNativeQuery("DELETE FROM chain_block WHERE chain_id = :chain "
                                + "AND block_number < :oldest")
                        .setParameter("chain", chain.chainId())
                        .setParameter("oldest", next.number() - config.reorgWindow()).executeUpdate());
    }

    /** Rolls back everything after the fork point: events, what handlers derived, stored blocks, the cursor. */
    private void rollBack(Block stale) throws IOException {
        Optional<Block> fork = forks.forkPoint(stale);
        long keep = fork.map(Block::number).orElse(-1L);
        Integer removed = inTransaction(session -> lockedAt(session, Optional.of(stale)).flatMap(ok -> {
            if (!ok) {
                return Uni.createFrom().item(0);
            }
            return events.removeAfter(session, chain.chainId(), keep)
                    .call(gone -> forEachAnswer(gone, reference -> outbox.reopened(session, reference)))
                    .call(gone -> forEachHandler(h -> h.rolledBack(session, gone)))
                    .call(() -> session.createNativeQuery("DELETE FROM chain_block WHERE chain_id = :chain "
                                    + "AND block_number > :keep")
                            .setParameter("chain", chain.chainId()).setParameter("keep", keep).executeUpdate())
                    .call(() -> fork.isPresent()
                            ? session.createNativeQuery("UPDATE chain_cursor SET block_number = :block, "
                                            + "block_hash = :hash, updated_at = now() WHERE chain_id = :chain")
                                    .setParameter("chain", chain.chainId()).setParameter("block", fork.get().number())
                                    .setParameter("hash", fork.get().hash()).executeUpdate()
                            : session.createNativeQuery("DELETE FROM chain_cursor WHERE chain_id = :chain")
                                    .setParameter("chain", chain.chainId()).executeUpdate())
                    .map(List::size);
        }));
        LOG.warnf("reorg: block %d is no longer canonical; rolled back %d events after block %d",
                stale.number(), removed, keep);
        cursor = fork.map(Block::number).orElse(null);
    }

    private Uni<Void> forEachHandler(Function<ChainEventHandler, Uni<Void>> call) {
        Uni<Void> chainOfCalls = Uni.createFrom().voidItem();
        for (ChainEventHandler handler : handlers) {
            chainOfCalls = chainOfCalls.chain(() -> call.apply(handler));
        }
        return chainOfCalls;
    }

    private Optional<Block> readCursor() {
        return inTransaction(this::cursorOf);
    }

    private <T> T inTransaction(Function<Mutiny.Session, Uni<T>> work) {
        return transactions.runAndWait(work, DB_WAIT);
    }

    private static double number(Long value) {
        return value == null ? Double.NaN : value;
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
                contracts.map(known -> EvmAddress.of(known.token())).orElse(null),
                contracts.map(known -> EvmAddress.of(known.stakeManager())).orElse(null),
                contracts.map(known -> EvmAddress.of(known.paymentVault())).orElse(null));
    }
}
