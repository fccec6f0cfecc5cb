package io.cipherocto.market.chain;

import io.cipherocto.market.core.db.Rows;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The queue of chain transactions the server owes (payouts, slashes). A feature enqueues on its command's session,
 * so the obligation commits with the business change or not at all; {@link OutboxSender} gets it mined; the
 * mirror closes the row when the contract's event arrives. The queue knows no feature: a row is a kind, an
 * account, an amount and a bytes32 reference.
 */
@ApplicationScoped
public class ChainOutbox {

    /** What the transaction does on chain. */
    public enum Kind {
        /** {@code PaymentVault.payout(account, amount, reference)}: the vault pays each reference once. */
        PAYOUT,
        /** {@code StakeManager.slash(account, amount, reasonHash)}. */
        SLASH
    }

    /** Where a row stands. */
    public enum Status {
        /** Waiting to be sent (first time, or again after a failed attempt). */
        PENDING,
        /** A replica has claimed it and is sending. */
        SENDING,
        /** Mined or in flight; waiting for the mirrored event. */
        SENT,
        /** The contract's event is mirrored. */
        DONE
    }

    /** How far a queued transaction has got, for the feature that queued it to show. */
    public record Progress(UUID id, Status status, int attempts, ChainError lastError, String txHash,
            OffsetDateTime updatedAt) {
    }

    private static final String ENQUEUE = """
            INSERT INTO chain_outbox (id, kind, account, amount, reference, status)
            VALUES (:id, :kind, :account, :amount, :reference, 'PENDING') ON CONFLICT (reference) DO NOTHING""";
    private static final String PROGRESS = """
            SELECT id, status, attempts, last_error, tx_hash, updated_at FROM chain_outbox WHERE id = ANY ($1)""";
    private static final String PROGRESS_BY_REFERENCE = """
            SELECT id, reference, status, attempts, last_error, tx_hash, updated_at FROM chain_outbox
             WHERE reference = ANY ($1)""";

    private final Pool pool;

    ChainOutbox(Pool pool) {
        this.pool = pool;
    }

    /** The bytes32 reference derived from an id: the id's 16 bytes, zero-padded. */
    public static String referenceOf(UUID id) {
        ByteBuffer bytes = ByteBuffer.allocate(32).putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits());
        return "0x" + HexFormat.of().formatHex(bytes.array());
    }

    /**
     * Queues a transaction in the caller's transaction. Idempotent per reference: a second row with the same
     * reference is not added (returns false).
     */
    public Uni<Boolean> enqueue(Mutiny.Session session, Kind kind, UUID id, String account, BigInteger amount,
            String reference) {
        return session.createNativeQuery(ENQUEUE)
                .setParameter("id", id).setParameter("kind", kind.name()).setParameter("account", account)
                .setParameter("amount", Rows.decimal(amount)).setParameter("reference", reference)
                .executeUpdate().map(inserted -> inserted > 0);
    }

    /** Progress of many rows in one statement, by id (absent ids are missing from the map). */
    public Uni<Map<UUID, Progress>> progressOf(List<UUID> ids) {
        return pool.preparedQuery(PROGRESS).execute(Tuple.of(ids.toArray(UUID[]::new))).map(rows -> {
            Map<UUID, Progress> byId = new HashMap<>();
            for (Row r : rows) {
                byId.put(r.getUUID("id"), progress(r));
            }
            return byId;
        });
    }

    /** Progress of many rows in one statement, by bytes32 reference (absent references are missing). */
    public Uni<Map<String, Progress>> progressByReference(List<String> references) {
        return pool.preparedQuery(PROGRESS_BY_REFERENCE).execute(Tuple.of(references.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Progress> byReference = new HashMap<>();
                    for (Row r : rows) {
                        byReference.put(r.getString("reference"), progress(r));
                    }
                    return byReference;
                });
    }

    private static Progress progress(Row r) {
        return new Progress(r.getUUID("id"), Status.valueOf(r.getString("status")), r.getInteger("attempts"),
                ChainError.of(ChainFailure.stored(r.getString("last_error")), r.getOffsetDateTime("updated_at")),
                r.getString("tx_hash"), r.getOffsetDateTime("updated_at"));
    }

    /** The mirrored event arrived: closes the row (in the mirror's transaction). */
    Uni<Integer> confirmed(Mutiny.Session session, String reference) {
        return session.createNativeQuery("""
                        UPDATE chain_outbox SET status = 'DONE', updated_at = now(), claimed_until = NULL
                         WHERE reference = :reference AND status <> 'DONE'""")
                .setParameter("reference", reference).executeUpdate();
    }

    /** A reorg removed the event: the row is open again; the sender checks it and resends if needed. */
    Uni<Integer> reopened(Mutiny.Session session, String reference) {
        return session.createNativeQuery("""
                        UPDATE chain_outbox SET status = 'SENT', updated_at = now(), next_attempt_at = now()
                         WHERE reference = :reference AND status = 'DONE'""")
                .setParameter("reference", reference).executeUpdate();
    }
}
