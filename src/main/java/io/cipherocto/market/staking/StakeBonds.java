package io.cipherocto.market.staking;

import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.settlement.LedgerService;
import io.cipherocto.market.settlement.Posting;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Bonds: parts of a wallet's mirrored stake held as surety, so one stake cannot back unlimited submissions. A bond is
 * a {@code stake_bond} row and a ledger posting (participant BONDED against the STAKE contra), written on the
 * caller's session; bonds of one wallet take turns (advisory lock), so two submissions cannot both spend the same
 * free stake.
 */
@ApplicationScoped
public class StakeBonds {

    /** What a wallet can still bond: its mirrored stake (not counting what is unstaking) minus the bonds it backs. */
    public record Capacity(String wallet, BigInteger staked, BigInteger held) {

        public BigInteger free() {
            return staked.subtract(held).max(BigInteger.ZERO);
        }
    }

    /** A bond as it stands. */
    public record Bond(String reference, UUID participantId, String wallet, BigInteger amount, String status) {
    }

    /** Advisory lock key base of a wallet's bonds ("octobond" in ASCII), mixed with the address's hash. */
    private static final long LOCK_BASE = 0x6f63746f626f6e64L;
    private static final String HELD = """
            SELECT wallet, sum(amount) AS held FROM stake_bond WHERE status = 'HELD' AND wallet = ANY ($1)
             GROUP BY wallet""";

    private final Pool pool;
    private final StakeService stakes;
    private final LedgerService ledger;

    StakeBonds(Pool pool, StakeService stakes, LedgerService ledger) {
        this.pool = pool;
        this.stakes = stakes;
        this.ledger = ledger;
    }

    /** Capacities of many lower-case wallets, in the order given (for quotes; no lock). */
    public Uni<List<Capacity>> capacityOf(List<String> wallets) {
        return stakes.stakesOf(wallets).chain(staked -> pool.preparedQuery(HELD)
                .execute(Tuple.of(wallets.toArray(String[]::new))).map(rows -> {
                    Map<String, BigInteger> held = new HashMap<>();
                    for (Row r : rows) {
                        held.put(r.getString("wallet"), Rows.bigInteger(r, "held"));
                    }
                    return staked.stream().map(s -> new Capacity(s.wallet().value(), s.staked().value(),
                            held.getOrDefault(s.wallet().value(), BigInteger.ZERO))).toList();
                }));
    }

    /**
     * Bonds {@code amount} of {@code wallet}'s stake under {@code reference}, in the caller's transaction. Fails with
     * {@link InsufficientStake} ({@code BOND_NOT_COVERED}, naming required and available) when the wallet's free
     * stake does not cover it.
     */
    public Uni<Void> hold(Mutiny.Session session, UUID participantId, String wallet, BigInteger amount,
            String reference, OffsetDateTime at) {
        return session.createNativeQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(:key)) l", Long.class)
                .setParameter("key", LOCK_BASE ^ wallet.hashCode()).getSingleResult()
                .chain(() -> stakes.stakesOf(session, List.of(wallet)))
                .chain(staked -> session.createNativeQuery("SELECT coalesce(sum(amount), 0) FROM stake_bond "
                                + "WHERE wallet = :wallet AND status = 'HELD'", Object.class)
                        .setParameter("wallet", wallet).getSingleResult()
                        .map(held -> new Capacity(wallet, staked.getFirst().staked().value(), Rows.bigInteger(held))))
                .chain(capacity -> {
                    if (capacity.free().compareTo(amount) < 0) {
                        throw new InsufficientStake(InsufficientStake.Reason.BOND_NOT_COVERED,
                                "free stake does not cover the bond", wallet, amount, capacity.free());
                    }
                    return session.createNativeQuery("""
                                    INSERT INTO stake_bond (reference, participant_id, wallet, amount, status, held_at)
                                    VALUES (:reference, :participant, :wallet, :amount, 'HELD', :at)""")
                            .setParameter("reference", reference).setParameter("participant", participantId)
                            .setParameter("wallet", wallet).setParameter("amount", Rows.decimal(amount))
                            .setParameter("at", at).executeUpdate();
                })
                .chain(() -> ledger.post(session, Posting.bondHeld(participantId, amount, "bond:" + reference)))
                .replaceWithVoid();
    }

    /** Releases a held bond whole (nothing lost). */
    public Uni<Void> release(Mutiny.Session session, String reference, OffsetDateTime at) {
        return settle(session, reference, "HELD", "RELEASED", at)
                .chain(bond -> ledger.post(session, Posting.bondReleased(bond.participantId(), bond.amount(),
                        "bond-release:" + reference)))
                .replaceWithVoid();
    }

    /**
     * A mirrored slash of {@code slashed} consumed the bond; {@code reward} of it goes to {@code rewarded} (null and
     * zero when nobody is rewarded). {@code occurrence} names the slash event (its chain position), so the same
     * event mirrored again after a reorg posts anew.
     */
    public Uni<Void> consume(Mutiny.Session session, String reference, BigInteger slashed, UUID rewarded,
            BigInteger reward, String occurrence, OffsetDateTime at) {
        return settle(session, reference, "HELD", "CONSUMED", at)
                .chain(bond -> ledger.post(session, Posting.bondSlashed(bond.participantId(), bond.amount(), slashed,
                        rewarded, reward, slashRef(reference, occurrence))))
                .replaceWithVoid();
    }

    /** A reorg removed the slash that consumed the bond: the bond is held again and the posting reversed. */
    public Uni<Void> unconsume(Mutiny.Session session, String reference, BigInteger slashed, UUID rewarded,
            BigInteger reward, String occurrence, OffsetDateTime at) {
        return settle(session, reference, "CONSUMED", "HELD", at)
                .chain(bond -> ledger.post(session, Posting.bondSlashedReversed(bond.participantId(), bond.amount(),
                        slashed, rewarded, reward, slashRef(reference, occurrence))))
                .replaceWithVoid();
    }

    private static String slashRef(String reference, String occurrence) {
        return "bond-slash:" + reference + ":" + occurrence;
    }

    private static Uni<Bond> settle(Mutiny.Session session, String reference, String from, String to,
            OffsetDateTime at) {
        return session.createNativeQuery("""
                        UPDATE stake_bond SET status = :to, settled_at = CASE WHEN :to = 'HELD' THEN NULL ELSE CAST(:at AS timestamptz) END
                         WHERE reference = :reference AND status = :from
                        RETURNING reference, participant_id, wallet, amount, status""", Object[].class)
                .setParameter("reference", reference).setParameter("from", from).setParameter("to", to)
                .setParameter("at", at).getResultList()
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw new IllegalStateException("no " + from + " bond " + reference);
                    }
                    Object[] r = rows.getFirst();
                    return new Bond((String) r[0], (UUID) r[1], (String) r[2], Rows.bigInteger(r[3]), (String) r[4]);
                });
    }
}
