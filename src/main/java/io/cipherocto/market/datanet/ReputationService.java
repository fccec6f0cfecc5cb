package io.cipherocto.market.datanet;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Reputation, counted as verdicts happen: each verdict bumps one counter of one (participant, datanet) row in the
 * verdict's transaction, and the score is a generated column, so reading is a key lookup, never a scan.
 */
@ApplicationScoped
public class ReputationService {

    /** What happened to a participant, each bumping one counter. */
    public enum Outcome {
        ACCEPTED("accepted"), FINALIZED("finalized"), REJECTED("rejected"), SLASHED("slashed"),
        CHALLENGE_UPHELD("challenges_upheld"), CHALLENGE_DISMISSED("challenges_dismissed");

        private final String column;

        Outcome(String column) {
            this.column = column;
        }
    }

    private static final String COUNTERS = "score, accepted, finalized, rejected, slashed, challenges_upheld, "
            + "challenges_dismissed";
    private static final String OVERALL = "SELECT participant_id, sum(score)::int AS score, sum(accepted)::int AS accepted, "
            + "sum(finalized)::int AS finalized, sum(rejected)::int AS rejected, sum(slashed)::int AS slashed, "
            + "sum(challenges_upheld)::int AS challenges_upheld, sum(challenges_dismissed)::int AS challenges_dismissed "
            + "FROM reputation WHERE participant_id = ANY ($1) GROUP BY participant_id";
    private static final String IN_DATANETS = "SELECT r.participant_id, r.datanet_id, " + COUNTERS
            + " FROM reputation r JOIN unnest($1::uuid[], $2::uuid[]) AS k (p, d)"
            + " ON r.participant_id = k.p AND r.datanet_id = k.d";

    private final Pool pool;

    ReputationService(Pool pool) {
        this.pool = pool;
    }

    /** Counts one outcome for a participant in a datanet, in the caller's transaction. */
    public Uni<Void> record(Mutiny.Session session, UUID participantId, UUID datanetId, Outcome outcome,
            OffsetDateTime at) {
        return count(session, participantId, datanetId, outcome, at, 1);
    }

    /** Takes back one counted outcome (a reorg removed the slash it was counted for). */
    public Uni<Void> undo(Mutiny.Session session, UUID participantId, UUID datanetId, Outcome outcome,
            OffsetDateTime at) {
        return count(session, participantId, datanetId, outcome, at, -1);
    }

    private static Uni<Void> count(Mutiny.Session session, UUID participantId, UUID datanetId, Outcome outcome,
            OffsetDateTime at, int by) {
        String column = outcome.column;
        return session.createNativeQuery("INSERT INTO reputation (participant_id, datanet_id, " + column
                        + ", updated_at) VALUES (:p, :d, :by, :at) ON CONFLICT (participant_id, datanet_id) DO UPDATE SET "
                        + column + " = reputation." + column + " + :by, updated_at = :at")
                .setParameter("p", participantId).setParameter("d", datanetId).setParameter("by", by)
                .setParameter("at", at).executeUpdate().replaceWithVoid();
    }

    /** Overall reputation of many participants in one statement, in the order given (zero where none). */
    public Uni<List<Reputation>> overallOf(List<UUID> participantIds) {
        return pool.preparedQuery(OVERALL).execute(Tuple.of(participantIds.toArray(UUID[]::new)))
                .map(rows -> inOrder(participantIds, rows));
    }

    /** Reputation of many (participant, datanet) pairs in one statement, in the order given (zero where none). */
    public Uni<List<Reputation>> inDatanets(List<UUID> participantIds, List<UUID> datanetIds) {
        return pool.preparedQuery(IN_DATANETS).execute(Tuple.of(participantIds.toArray(UUID[]::new),
                datanetIds.toArray(UUID[]::new))).map(rows -> {
                    Map<List<UUID>, Reputation> found = new HashMap<>();
                    for (Row r : rows) {
                        found.put(List.of(r.getUUID("participant_id"), r.getUUID("datanet_id")), reputation(r));
                    }
                    return java.util.stream.IntStream.range(0, participantIds.size())
                            .mapToObj(i -> found.getOrDefault(List.of(participantIds.get(i), datanetIds.get(i)),
                                    Reputation.none(participantIds.get(i)))).toList();
                });
    }

    private static List<Reputation> inOrder(List<UUID> participantIds, Iterable<Row> rows) {
        Map<UUID, Reputation> found = new HashMap<>();
        for (Row r : rows) {
            found.put(r.getUUID("participant_id"), reputation(r));
        }
        return participantIds.stream().map(id -> found.getOrDefault(id, Reputation.none(id))).toList();
    }

    private static Reputation reputation(Row r) {
        return new Reputation(r.getUUID("participant_id"), r.getInteger("score"), r.getInteger("accepted"),
                r.getInteger("finalized"), r.getInteger("rejected"), r.getInteger("slashed"),
                r.getInteger("challenges_upheld"), r.getInteger("challenges_dismissed"));
    }
}
