package io.cipherocto.market.datanet;

import io.cipherocto.market.core.scalar.Ids;
import io.cipherocto.market.core.audit.Audit;
import io.cipherocto.market.core.db.Conditions;
import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.core.db.Transactions;
import io.cipherocto.market.core.error.OctoException;
import io.cipherocto.market.core.page.Keyset;
import io.cipherocto.market.core.page.Keyset.Direction;
import io.cipherocto.market.core.page.Page;
import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.core.time.TimeSource;
import io.cipherocto.market.datanet.DatanetReaders.Reader;
import io.cipherocto.market.identity.ParticipantService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Gated access: participants ask to read a GATED datanet, its curators decide (in bulk) or grant directly to a
 * participant or a whole partner organisation. A rejected requester may ask again after
 * {@link DatanetConfig#accessRequestCooldown()}, never "never"; pending requests older than
 * {@link DatanetConfig#accessRequestOverdueAfter()} are flagged overdue to curators. Who can read is decided by
 * {@link DatanetReaders} alone.
 */
@ApplicationScoped
public class DatanetAccessService {

    static final int MAX_REASON_LENGTH = 2_000;
    static final int MAX_DECISIONS = 100;

    private static final String REQUEST_COLUMNS = "id, datanet_id, participant_id, reason, status, requested_at, "
            + "decided_by, decided_at, decision_reason";
    private static final String REQUESTS_OF_DATANET = "SELECT " + REQUEST_COLUMNS + " FROM datanet_access_request "
            + "WHERE ";
    private static final Keyset<DatanetAccessRequest> OLDEST_FIRST = Keyset.<DatanetAccessRequest>orderBy()
            .timestamp("requested_at", Direction.ASC, DatanetAccessRequest::requestedAt)
            .thenId("id", Direction.ASC, DatanetAccessRequest::id);
    private static final String REQUESTS_OF_PARTICIPANT = "SELECT " + REQUEST_COLUMNS
            + " FROM datanet_access_request WHERE participant_id = $1 AND " + Keyset.SLOT;
    private static final Keyset<DatanetAccessRequest> NEWEST_FIRST = Keyset.<DatanetAccessRequest>orderBy()
            .timestamp("requested_at", Direction.DESC, DatanetAccessRequest::requestedAt)
            .thenId("id", Direction.DESC, DatanetAccessRequest::id);
    private static final String REQUESTS_BY_IDS = "SELECT " + REQUEST_COLUMNS
            + " FROM datanet_access_request WHERE id = ANY ($1)";

    private static final String GRANT_COLUMNS = "id, datanet_id, participant_id, partner_id, granted_by, granted_at";
    private static final String GRANTS = "SELECT " + GRANT_COLUMNS + " FROM datanet_access_grant WHERE datanet_id = $1 "
            + "AND " + Keyset.SLOT;
    private static final Keyset<DatanetAccessGrant> GRANTS_OLDEST_FIRST = Keyset.<DatanetAccessGrant>orderBy()
            .timestamp("granted_at", Direction.ASC, DatanetAccessGrant::grantedAt)
            .thenId("id", Direction.ASC, DatanetAccessGrant::id);

    private static final String IS_CURATOR = "SELECT EXISTS (SELECT 1 FROM datanet_curator WHERE datanet_id = $1 "
            + "AND participant_id = $2), EXISTS (SELECT 1 FROM datanet WHERE id = $1)";

    /** The caller's rights on a page of datanets: one statement, the latest request by a lateral join. */
    private static final String MY_ACCESS = "SELECT d.id AS datanet, "
            + DatanetReaders.datanetReadable("d.id", "$2", "$3", "$4") + " AS can_read, "
            + "EXISTS (SELECT 1 FROM datanet_curator c WHERE c.datanet_id = d.id AND c.participant_id = $2) AS can_curate, "
            + "COALESCE(d.owner_id = $2, false) AS is_owner, r.* FROM datanet d "
            + "LEFT JOIN LATERAL (SELECT " + REQUEST_COLUMNS + " FROM datanet_access_request x "
            + "WHERE x.datanet_id = d.id AND x.participant_id = $2 ORDER BY x.requested_at DESC, x.id DESC LIMIT 1) r "
            + "ON true WHERE d.id = ANY ($1)";

    private final Pool pool;
    private final Transactions transactions;
    private final TimeSource time;
    private final DatanetConfig config;
    private final ParticipantService participants;

    DatanetAccessService(Pool pool, Transactions transactions, TimeSource time, DatanetConfig config,
            ParticipantService participants) {
        this.pool = pool;
        this.transactions = transactions;
        this.time = time;
        this.config = config;
        this.participants = participants;
    }

    // ---- commands -------------------------------------------------------------------------------------------

    /**
     * Asks the curators for read access. Refused when the reader can already read (ALREADY_HAS_ACCESS), has a
     * pending request (ACCESS_ALREADY_REQUESTED), or was rejected less than the cooldown ago (ACCESS_REQUEST_COOLDOWN,
     * with {@code retryAt}).
     */
    public Uni<DatanetAccessRequest> request(Reader reader, UUID datanetId, String reason) {
        String why = text(reason, "reason", true);
        UUID id = UUID.randomUUID();
        UUID me = reader.participantId();
        return transactions.run(session -> session.createNativeQuery("SELECT "
                        + DatanetReaders.datanetReadable("id", ":r", ":p", ":a") + " FROM datanet WHERE id = :d",
                        Boolean.class)
                .setParameter("r", me).setParameter("p", reader.partnerId()).setParameter("a", reader.admin())
                .setParameter("d", datanetId).getResultList()
                .chain(readable -> {
                    if (readable.isEmpty()) {
                        throw OctoException.notFound("Datanet", datanetId);
                    }
                    if (readable.getFirst()) {
                        throw DatanetRefused.alreadyHasAccess(datanetId);
                    }
                    return session.createNativeQuery("SELECT count(*) FROM datanet_access_request WHERE datanet_id = :d "
                                    + "AND participant_id = :r AND status = 'PENDING'", Long.class)
                            .setParameter("d", datanetId).setParameter("r", me).getSingleResult();
                })
                .chain(pending -> {
                    if (pending > 0) {
                        throw DatanetRefused.alreadyRequested(datanetId);
                    }
                    return session.createNativeQuery("SELECT CAST(extract(epoch FROM max(decided_at)) * 1000000 "
                                    + "AS bigint) FROM datanet_access_request WHERE datanet_id = :d "
                                    + "AND participant_id = :r AND status = 'REJECTED'", Long.class)
                            .setParameter("d", datanetId).setParameter("r", me).getSingleResultOrNull();
                })
                .chain(lastRejectedMicros -> {
                    Instant now = time.now();
                    if (lastRejectedMicros != null) {
                        Instant retryAt = Instant.EPOCH.plus(lastRejectedMicros, ChronoUnit.MICROS)
                                .plus(config.accessRequestCooldown());
                        if (now.isBefore(retryAt)) {
                            throw DatanetRefused.cooldown(datanetId, retryAt);
                        }
                    }
                    return session.createNativeQuery("INSERT INTO datanet_access_request (id, datanet_id, "
                                    + "participant_id, reason, status, requested_at) VALUES (:id, :d, :r, :why, "
                                    + "'PENDING', :at)")
                            .setParameter("id", id).setParameter("d", datanetId).setParameter("r", me)
                            .setParameter("why", why).setParameter("at", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                            .executeUpdate();
                })
                .invoke(() -> Transactions.afterCommit(session, () -> Audit.record("datanet.access_requested",
                        Map.of("datanet", datanetId, "request", id, "participant", me)))))
                .chain(() -> requestsByIds(List.of(id))).map(List::getFirst);
    }

    /**
     * Approves or rejects many pending requests in one transaction: all or none. The caller must curate every
     * request's datanet; a decided request is CONFLICT naming its id. An approval grants the requester access.
     */
    public Uni<List<DatanetAccessRequest>> decide(UUID curator, List<UUID> ids, boolean approve, String reason) {
        Set<UUID> unique = new LinkedHashSet<>(ids);
        if (unique.isEmpty() || unique.size() > MAX_DECISIONS) {
            throw OctoException.validation("ids", "1 to " + MAX_DECISIONS + " request ids");
        }
        String why = text(reason, "reason", !approve);
        UUID[] idArray = unique.toArray(UUID[]::new);
        return transactions.run(session -> session.createNativeQuery("SELECT r.id, r.datanet_id, r.participant_id, "
                                + "r.status, EXISTS (SELECT 1 FROM datanet_curator c WHERE c.datanet_id = r.datanet_id "
                                + "AND c.participant_id = :me) FROM datanet_access_request r "
                                + "WHERE r.id = ANY (CAST(:ids AS uuid[])) ORDER BY r.id FOR UPDATE OF r", Object[].class)
                .setParameter("me", curator).setParameter("ids", idArray).getResultList()
                .chain(rows -> {
                    Map<UUID, Object[]> found = new HashMap<>();
                    rows.forEach(row -> found.put((UUID) row[0], row));
                    for (UUID id : unique) {
                        Object[] row = found.get(id);
                        if (row == null) {
                            throw OctoException.notFound("DatanetAccessRequest", id);
                        }
                        if (!(Boolean) row[4]) {
                            throw DatanetRefused.notCurator((UUID) row[1]);
                        }
                    }
                    for (UUID id : unique) {
                        if (!"PENDING".equals(found.get(id)[3])) {
                            throw DatanetRefused.notPending(id);
                        }
                    }
                    OffsetDateTime now = time.nowUtc();
                    Uni<Void> chain = session.createNativeQuery("UPDATE datanet_access_request SET status = :s, "
                                    + "decided_by = :me, decided_at = :now, decision_reason = :why "
                                    + "WHERE id = ANY (CAST(:ids AS uuid[]))")
                            .setParameter("s", approve ? "APPROVED" : "REJECTED").setParameter("me", curator)
                            .setParameter("now", now).setParameter("why", why).setParameter("ids", idArray)
                            .executeUpdate().replaceWithVoid();
                    if (approve) {
                        for (UUID id : unique) {
                            Object[] row = found.get(id);
                            chain = chain.chain(() -> grantRow(session, (UUID) row[1], (UUID) row[2], null, curator,
                                    now, id));
                        }
                    }
                    return chain.invoke(() -> Transactions.afterCommit(session, () -> Audit.record(
                            "datanet.access_decided", Map.of("requests", unique, "approved", approve,
                                    "curator", curator))));
                }))
                .chain(() -> requestsByIds(List.copyOf(unique)));
    }

    /** Grants read access to one participant or a partner organisation; granting twice returns the grant. */
    public Uni<DatanetAccessGrant> grant(UUID curator, GrantDatanetAccessInput input) {
        UUID datanetId = Ids.uuid("input.datanetId", input.datanetId());
        UUID participantId = Ids.uuid("input.participantId", input.participantId());
        if ((participantId == null) == (input.partnerId() == null || input.partnerId().isBlank())) {
            throw OctoException.validation("input", "name exactly one of participantId and partnerId");
        }
        String partner = input.partnerId() == null ? null : input.partnerId().strip();
        Uni<Void> participantKnown = participantId == null ? Uni.createFrom().voidItem()
                : participants.byIds(List.of(participantId)).map(found -> {
                    if (found.getFirst() == null) {
                        throw OctoException.validation("input.participantId", "no such participant");
                    }
                    return null;
                });
        return participantKnown.chain(() -> requireCurator(datanetId, curator))
                .chain(() -> transactions.run(session -> grantRow(session, datanetId, participantId,
                        partner, curator, time.nowUtc(), null)))
                .chain(() -> pool.preparedQuery("SELECT " + GRANT_COLUMNS + " FROM datanet_access_grant WHERE "
                                + "datanet_id = $1 AND participant_id IS NOT DISTINCT FROM $2 "
                                + "AND partner_id IS NOT DISTINCT FROM $3")
                        .execute(Rows.tuple(datanetId, participantId, partner))
                        .map(rows -> toGrant(rows.iterator().next())));
    }

    /** Revokes a grant of the datanet (curators only); NOT_FOUND when the datanet has no such grant. */
    public Uni<Void> revoke(UUID curator, UUID datanetId, UUID grantId) {
        return requireCurator(datanetId, curator).chain(() -> transactions.run(session -> session
                .createNativeQuery("DELETE FROM datanet_access_grant WHERE id = :g AND datanet_id = :d "
                        + "RETURNING CAST(participant_id AS text), partner_id", Object[].class)
                .setParameter("g", grantId).setParameter("d", datanetId).getResultList()
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        throw OctoException.notFound("DatanetAccessGrant", grantId);
                    }
                    Object[] row = rows.getFirst();
                    var detail = Json.createObjectBuilder().add("grant", grantId.toString());
                    if (row[0] != null) {
                        detail.add("participant", (String) row[0]);
                    }
                    if (row[1] != null) {
                        detail.add("partner", (String) row[1]);
                    }
                    return DatanetService.change(session, datanetId, curator, DatanetChange.Kind.ACCESS_REVOKED,
                            detail.build(), time.nowUtc());
                })
                .invoke(() -> Transactions.afterCommit(session, () -> Audit.record("datanet.access_revoked",
                        Map.of("datanet", datanetId, "grant", grantId, "curator", curator))))));
    }

    /** Inserts a grant unless the same one exists, and logs it when new; in the caller's transaction. */
    private static Uni<Void> grantRow(Mutiny.Session session, UUID datanetId, UUID participantId, String partnerId,
            UUID by, OffsetDateTime at, UUID request) {
        String conflict = participantId != null ? "(datanet_id, participant_id) WHERE participant_id IS NOT NULL"
                : "(datanet_id, partner_id) WHERE partner_id IS NOT NULL";
        UUID grantId = UUID.randomUUID();
        return session.createNativeQuery("INSERT INTO datanet_access_grant (id, datanet_id, participant_id, "
                        + "partner_id, granted_by, granted_at) VALUES (:id, :d, :p, :partner, :by, :at) "
                        + "ON CONFLICT " + conflict + " DO NOTHING")
                .setParameter("id", grantId).setParameter("d", datanetId).setParameter("p", participantId)
                .setParameter("partner", partnerId).setParameter("by", by).setParameter("at", at).executeUpdate()
                .chain(inserted -> {
                    if (inserted == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    var detail = Json.createObjectBuilder().add("grant", grantId.toString());
                    if (participantId != null) {
                        detail.add("participant", participantId.toString());
                    }
                    if (partnerId != null) {
                        detail.add("partner", partnerId);
                    }
                    if (request != null) {
                        detail.add("request", request.toString());
                    }
                    return DatanetService.change(session, datanetId, by, DatanetChange.Kind.ACCESS_GRANTED,
                            detail.build(), at).invoke(() -> Transactions.afterCommit(session, () -> Audit.record(
                                    "datanet.access_granted", Map.of("datanet", datanetId, "grant", grantId,
                                            "curator", by))));
                });
    }

    /** Passes when {@code participant} curates the datanet; NOT_FOUND for an unknown datanet, else FORBIDDEN. */
    public Uni<Void> requireCurator(UUID datanetId, UUID participant) {
        return pool.preparedQuery(IS_CURATOR).execute(Tuple.of(datanetId, participant)).map(rows -> {
            Row row = rows.iterator().next();
            if (!row.getBoolean(1)) {
                throw OctoException.notFound("Datanet", datanetId);
            }
            if (!row.getBoolean(0)) {
                throw DatanetRefused.notCurator(datanetId);
            }
            return null;
        });
    }

    private static String text(String value, String field, boolean required) {
        String text = value == null ? null : value.strip();
        if (text == null || text.isEmpty()) {
            if (required) {
                throw OctoException.validation(field, "required");
            }
            return null;
        }
        if (text.length() > MAX_REASON_LENGTH) {
            throw OctoException.validation(field, "at most " + MAX_REASON_LENGTH + " characters");
        }
        return text;
    }

    // ---- reads ----------------------------------------------------------------------------------------------

    /** The datanet's requests, oldest first (curators only: the caller checks {@link #requireCurator}). */
    public Uni<Page<DatanetAccessRequest>> requestsOf(UUID datanetId, DatanetAccessRequest.Status status,
            boolean overdueOnly, PageRequest page) {
        OffsetDateTime cutoff = overdueCutoff();
        Conditions where = Conditions.over(Tuple.of(datanetId)).and("datanet_id = $1")
                .when(status == null ? null : status.name(), "status = {}")
                .when(overdueOnly ? cutoff : null, "status = 'PENDING' AND requested_at < {}");
        return OLDEST_FIRST.fetch(pool, REQUESTS_OF_DATANET, where, page, row -> toRequest(row, "id", cutoff));
    }

    /** The participant's own requests with their decisions, newest first. */
    public Uni<Page<DatanetAccessRequest>> requestsBy(UUID participantId, PageRequest page) {
        OffsetDateTime cutoff = overdueCutoff();
        return NEWEST_FIRST.fetch(pool, REQUESTS_OF_PARTICIPANT, page, Tuple.of(participantId),
                row -> toRequest(row, "id", cutoff));
    }

    public Uni<List<DatanetAccessRequest>> requestsByIds(List<UUID> ids) {
        OffsetDateTime cutoff = overdueCutoff();
        return pool.preparedQuery(REQUESTS_BY_IDS).execute(Tuple.of(ids.toArray(UUID[]::new))).map(rows -> {
            Map<UUID, DatanetAccessRequest> byId = new HashMap<>();
            Rows.list(rows, r -> toRequest(r, "id", cutoff)).forEach(r -> byId.put(r.id(), r));
            return ids.stream().map(byId::get).toList();
        });
    }

    public Uni<Page<DatanetAccessGrant>> grantsOf(UUID datanetId, PageRequest page) {
        return GRANTS_OLDEST_FIRST.fetch(pool, GRANTS, page, Tuple.of(datanetId), DatanetAccessService::toGrant);
    }

    /** The reader's rights on many datanets, in one statement, in the order of {@code datanetIds}. */
    public Uni<List<DatanetAccess>> accessOf(List<UUID> datanetIds, Reader reader) {
        OffsetDateTime cutoff = overdueCutoff();
        Instant now = time.now();
        return pool.preparedQuery(MY_ACCESS).execute(reader.appendTo(Tuple.of(datanetIds.toArray(UUID[]::new))))
                .map(rows -> {
                    Map<UUID, DatanetAccess> byId = new HashMap<>();
                    for (Row row : rows) {
                        DatanetAccessRequest latest = row.getUUID("id") == null ? null
                                : toRequest(row, "id", cutoff);
                        OffsetDateTime again = null;
                        if (latest != null && latest.status() == DatanetAccessRequest.Status.REJECTED) {
                            Instant retryAt = latest.decidedAt().toInstant().plus(config.accessRequestCooldown());
                            again = now.isBefore(retryAt) ? OffsetDateTime.ofInstant(retryAt, ZoneOffset.UTC) : null;
                        }
                        byId.put(row.getUUID("datanet"), new DatanetAccess(row.getBoolean("can_read"),
                                row.getBoolean("can_curate"), row.getBoolean("is_owner"), latest, again));
                    }
                    return datanetIds.stream().map(byId::get).toList();
                });
    }

    private OffsetDateTime overdueCutoff() {
        return OffsetDateTime.ofInstant(time.now().minus(config.accessRequestOverdueAfter()), ZoneOffset.UTC);
    }

    private static DatanetAccessRequest toRequest(Row r, String idColumn, OffsetDateTime overdueCutoff) {
        DatanetAccessRequest.Status status = DatanetAccessRequest.Status.valueOf(r.getString("status"));
        OffsetDateTime requestedAt = r.getOffsetDateTime("requested_at");
        return new DatanetAccessRequest(r.getUUID(idColumn), r.getString("reason"), status, requestedAt,
                r.getOffsetDateTime("decided_at"), r.getString("decision_reason"),
                status == DatanetAccessRequest.Status.PENDING && requestedAt.isBefore(overdueCutoff),
                r.getUUID("datanet_id"), r.getUUID("participant_id"), r.getUUID("decided_by"));
    }

    private static DatanetAccessGrant toGrant(Row r) {
        return new DatanetAccessGrant(r.getUUID("id"), r.getString("partner_id"), r.getOffsetDateTime("granted_at"),
                r.getUUID("datanet_id"), r.getUUID("participant_id"), r.getUUID("granted_by"));
    }
}
