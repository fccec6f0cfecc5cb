package io.cipherocto.market.identity;

import io.cipherocto.market.core.db.Batch;
import io.cipherocto.market.core.db.Conditions;
import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.core.page.Keyset;
import io.cipherocto.market.core.page.Keyset.Direction;
import io.cipherocto.market.core.page.Page;
import io.cipherocto.market.core.page.PageRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.cipherocto.market.core.scalar.EvmAddress;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import java.util.Arrays;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;

/** Participants: created on first authenticated use, read in pages and in batches. */
@ApplicationScoped
public class ParticipantService {

    // Writes only when the token says something new, so a steady caller costs one index lookup.
    private static final String UPSERT = """
            WITH upserted AS (
                INSERT INTO participant (id, subject, username, roles, partner_id, partner_tier)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (subject) DO UPDATE
                   SET username = EXCLUDED.username, roles = EXCLUDED.roles,
                       partner_id = EXCLUDED.partner_id, partner_tier = EXCLUDED.partner_tier, updated_at = now()
                 WHERE (participant.username, participant.roles, participant.partner_id, participant.partner_tier)
                       IS DISTINCT FROM (EXCLUDED.username, EXCLUDED.roles, EXCLUDED.partner_id, EXCLUDED.partner_tier)
                RETURNING id, username, roles, partner_id, partner_tier, created_at, updated_at)
            SELECT * FROM upserted
            UNION ALL
            SELECT id, username, roles, partner_id, partner_tier, created_at, updated_at FROM participant WHERE subject = $2
            LIMIT 1""";

    private static final String PAGE = "SELECT id, username, roles, partner_id, partner_tier, created_at, updated_at "
            + "FROM participant WHERE ";

    private static final Keyset<Participant> OLDEST_FIRST = Keyset.<Participant>orderBy()
            .timestamp("created_at", Direction.ASC, Participant::createdAt)
            .thenId("id", Direction.ASC, Participant::id);

    private static final String COUNT = "SELECT count(*) FROM participant WHERE ";

    private static final String OF_PARTNER = """
            SELECT id, username, roles, partner_id, partner_tier, created_at, updated_at FROM participant
             WHERE partner_id = $1 AND {keyset}""";

    private static final String COUNT_OF_PARTNERS = """
            SELECT partner_id, count(*) FROM participant WHERE partner_id = ANY ($1) GROUP BY partner_id""";

    private static final String WALLETS = """
            SELECT address, participant_id, linked_at FROM wallet
             WHERE participant_id = ANY ($1) ORDER BY linked_at, address""";

    /** Live-update topic for changes to a participant (key: participant id). */
    static final String TOPIC = "participant";

    private static final String BY_SUBJECT = """
            SELECT id, username, roles, partner_id, partner_tier, created_at, updated_at FROM participant
             WHERE subject = $1""";

    private static final String BY_ID = """
            SELECT id, username, roles, partner_id, partner_tier, created_at, updated_at FROM participant WHERE id = $1""";
    private static final String BY_IDS = """
            SELECT id, username, roles, partner_id, partner_tier, created_at, updated_at FROM participant
             WHERE id = ANY ($1)""";

    private static final List<String> COLUMNS = List.of("id", "username", "roles", "partner_id", "partner_tier",
            "created_at", "updated_at");

    /** The participant columns {@link #toParticipant} reads, qualified by {@code alias}. */
    public static String columns(String alias) {
        return Rows.columns(alias, "", COLUMNS);
    }

    /**
     * The participant columns qualified by {@code alias} and renamed with {@code prefix}, for a row that also
     * holds another table's columns of the same names ({@link #toParticipant(Row, String)} reads them).
     */
    public static String columns(String alias, String prefix) {
        return Rows.columns(alias, prefix, COLUMNS);
    }

    private final Pool pool;

    ParticipantService(Pool pool) {
        this.pool = pool;
    }

    /**
     * The participant behind the caller's token, created or refreshed from its claims. Every authenticated
     * call starts here, so the common case is one indexed read; the upsert (which locks the row) runs only
     * for a new subject or changed claims.
     */
    public Uni<Participant> participantOf(Caller caller) {
        return pool.preparedQuery(BY_SUBJECT).execute(Tuple.of(caller.subject())).chain(rows -> {
            if (rows.size() > 0) {
                Participant known = toParticipant(rows.iterator().next());
                if (matches(known, caller)) {
                    return Uni.createFrom().item(known);
                }
            }
            return upsert(caller);
        });
    }

    private static boolean matches(Participant p, Caller caller) {
        return p.username().equals(caller.username()) && Set.copyOf(p.roles()).equals(caller.roles())
                && Objects.equals(p.partnerId(), caller.partnerId().orElse(null))
                && p.partnerTier() == caller.partnerTier().orElse(null);
    }

    private Uni<Participant> upsert(Caller caller) {
        // Arrays.asList, not List.of: absent claims are SQL NULLs.
        String[] roles = caller.roles().stream().sorted().map(Role::realmName).toArray(String[]::new);
        Tuple args = Tuple.tuple(Arrays.asList(UUID.randomUUID(), caller.subject(), caller.username(), roles,
                caller.partnerId().orElse(null), caller.partnerTier().map(Enum::name).orElse(null)));
        return pool.preparedQuery(UPSERT).execute(args).map(rows -> toParticipant(rows.iterator().next()));
    }

    public Uni<Participant> byId(UUID id) {
        return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(rows -> toParticipant(rows.iterator().next()));
    }

    /** Many participants in one statement, in the order of {@code ids} (null where an id is unknown). */
    public Uni<List<Participant>> byIds(List<UUID> ids) {
        return pool.preparedQuery(BY_IDS).execute(Tuple.of(ids.stream().distinct().toArray(UUID[]::new)))
                .map(rows -> Batch.toOne(ids, Rows.list(rows, ParticipantService::toParticipant), Participant::id));
    }

    public Uni<Page<Participant>> page(PageRequest page, PartnerTier tier, Role role) {
        Conditions where = filter(tier, role);
        return OLDEST_FIRST.fetch(pool, PAGE, where, page, ParticipantService::toParticipant);
    }

    public Uni<Integer> count(PartnerTier tier, Role role) {
        Conditions where = filter(tier, role);
        return pool.preparedQuery(COUNT + where).execute(where.args()).map(Rows::count);
    }

    /** Participants whose last token carried {@code partnerId} as its partner_id claim, oldest first. */
    public Uni<Page<Participant>> pageOfPartner(String partnerId, PageRequest page) {
        return OLDEST_FIRST.fetch(pool, OF_PARTNER, page, Tuple.of(partnerId), ParticipantService::toParticipant);
    }

    /** How many participants carry each partner id, in one statement, in the order of {@code partnerIds}. */
    public Uni<List<Integer>> countOfPartners(List<String> partnerIds) {
        return pool.preparedQuery(COUNT_OF_PARTNERS).execute(Tuple.of(partnerIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Integer> counts = new HashMap<>();
                    rows.forEach(r -> counts.put(r.getString(0), Math.toIntExact(r.getLong(1))));
                    return partnerIds.stream().map(id -> counts.getOrDefault(id, 0)).toList();
                });
    }

    private static Conditions filter(PartnerTier tier, Role role) {
        return Conditions.over(Tuple.tuple()).when(tier == null ? null : tier.name(), "partner_tier = {}")
                .when(role == null ? null : role.realmName(), "{} = ANY (roles)");
    }

    /** Wallets of many participants in one statement, in the order of {@code participantIds}. */
    public Uni<List<List<Wallet>>> walletsOf(List<UUID> participantIds) {
        return pool.preparedQuery(WALLETS).execute(Tuple.of(participantIds.toArray(UUID[]::new)))
                .map(rows -> Batch.toMany(participantIds, Rows.list(rows, ParticipantService::toWallet),
                        Wallet::participantId));
    }

    /** Owners of the given addresses (lower-case), for those that are linked; on the caller's session. */
    public Uni<Map<String, UUID>> ownersOf(Mutiny.Session session, List<String> addresses) {
        return session.createNativeQuery("SELECT address, participant_id FROM wallet "
                        + "WHERE address = ANY (CAST(:addresses AS text[]))", Object[].class)
                .setParameter("addresses", addresses.toArray(String[]::new)).getResultList()
                .map(rows -> {
                    Map<String, UUID> owners = new HashMap<>();
                    rows.forEach(row -> owners.put((String) row[0], (UUID) row[1]));
                    return owners;
                });
    }

    static Wallet toWallet(Row row) {
        return new Wallet(EvmAddress.of(row.getString("address")), row.getUUID("participant_id"), row.getOffsetDateTime("linked_at"));
    }

    /**
     * A participant from a row holding its columns under their own names ({@link #COLUMNS}, optionally qualified), so
     * a feature can join participants into its own statement instead of loading them in another.
     */
    public static Participant toParticipant(Row row) {
        return toParticipant(row, "");
    }

    /** The participant in {@code row}'s columns named prefix + column (see {@link #columns(String, String)}). */
    public static Participant toParticipant(Row row, String prefix) {
        List<Role> roles = Arrays.stream(row.getArrayOfStrings(named(prefix, "roles")))
                .map(Role::fromRealmName).flatMap(Optional::stream).toList();
        String tier = row.getString(named(prefix, "partner_tier"));
        return new Participant(row.getUUID(named(prefix, "id")), row.getString(named(prefix, "username")), roles,
                row.getString(named(prefix, "partner_id")), tier == null ? null : PartnerTier.valueOf(tier),
                row.getOffsetDateTime(named(prefix, "created_at")),
                row.getOffsetDateTime(named(prefix, "updated_at")));
    }

    /** Every participant read goes through here: no new string where there is no prefix. */
    private static String named(String prefix, String column) {
        return prefix.isEmpty() ? column : prefix + column;
    }
}
