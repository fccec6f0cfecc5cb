package io.cipherocto.market.partner;

import io.cipherocto.market.core.audit.Audit;
import io.cipherocto.market.core.db.Conditions;
import io.cipherocto.market.core.db.Batch;
import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.core.db.Transactions;
import io.cipherocto.market.core.error.OctoException;
import io.cipherocto.market.core.page.Keyset;
import io.cipherocto.market.core.page.Keyset.Direction;
import io.cipherocto.market.core.page.Page;
import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.core.scalar.Ids;
import io.cipherocto.market.core.scalar.TokenAmount;
import io.cipherocto.market.core.time.TimeSource;
import io.cipherocto.market.identity.Participant;
import io.cipherocto.market.identity.ParticipantService;
import io.cipherocto.market.identity.PartnerTier;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Partner organisations: creation and changes (admins), the lifecycle state machine with its append-only trail
 * (each move locks the organisation's row, so two concurrent moves are serialised and the second sees the first),
 * co-developed features, and the reads: by id, by partner id, filtered pages, a page of members, batched fields.
 */
@ApplicationScoped
public class PartnerOrganisationService {

    static final Pattern PARTNER_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");
    static final int MAX_NAME = 200;
    static final int MAX_WEBSITE = 2000;
    static final int MAX_REASON = 1000;
    static final int MAX_TITLE = 200;
    /** The reason of every organisation's first trail entry: the seed's label for entering IDENTIFICATION. */
    static final String CREATED = "Target identified";

    private static final String BY_ID = "SELECT " + PartnerOrganisation.COLUMNS + " FROM partner_organisation o "
            + "WHERE o.id = $1";
    private static final String BY_PARTNER_ID = "SELECT " + PartnerOrganisation.COLUMNS
            + " FROM partner_organisation o WHERE o.partner_id = $1";
    /** The list's statements, completed by {@link Filter#where()}. */
    private static final String PAGE = "SELECT " + PartnerOrganisation.COLUMNS + " FROM partner_organisation o WHERE ";
    private static final String COUNT = "SELECT count(*) FROM partner_organisation o WHERE ";
    private static final Keyset<PartnerOrganisation> BY_NAME = Keyset.<PartnerOrganisation>orderBy()
            .text("o.name", Direction.ASC, PartnerOrganisation::name)
            .thenId("o.id", Direction.ASC, PartnerOrganisation::id);
    private static final String HISTORY = "SELECT seq, organisation_id, from_stage, to_stage, actor_id, reason, at "
            + "FROM partner_stage_change WHERE organisation_id = $1 AND " + Keyset.SLOT;
    // the trail has a sequence, not a UUID; its organisation id (constant within one trail) closes the order
    private static final Keyset<PartnerStageChange> OLDEST_CHANGE_FIRST = Keyset.<PartnerStageChange>orderBy()
            .bigint("seq", Direction.ASC, PartnerStageChange::sequence)
            .thenId("organisation_id", Direction.ASC, PartnerStageChange::organisationId);
    private static final String FEATURES = "SELECT id, organisation_id, title, shipped_at, recorded_at "
            + "FROM co_developed_feature WHERE organisation_id = ANY ($1) ORDER BY shipped_at, id";
    private static final String LOCK = "SELECT stage, name, website, category, tier, programme, "
            + "CAST(commitment AS text) FROM partner_organisation WHERE id = :id FOR NO KEY UPDATE";

    /** A validated page filter (null: no condition). */
    public record Filter(PartnerStage stage, PartnerCategory category, PartnerTier tier,
            EnterpriseProgramme programme) {

        static Filter of(PartnerOrganisationFilter input) {
            return input == null ? new Filter(null, null, null, null)
                    : new Filter(input.stage(), input.category(), input.tier(), input.programme());
        }

        /** Only the filters given. */
        Conditions where() {
            return Conditions.over(Tuple.tuple()).when(name(stage), "o.stage = {}")
                    .when(name(category), "o.category = {}").when(name(tier), "o.tier = {}")
                    .when(name(programme), "o.programme = {}");
        }

        private static String name(Enum<?> value) {
            return value == null ? null : value.name();
        }
    }

    /** The organisation row as a command holds it (locked). */
    private record Held(PartnerStage stage, String name, String website, PartnerCategory category, PartnerTier tier,
            EnterpriseProgramme programme, BigInteger commitment) {

        static Held of(Object[] r) {
            return new Held(PartnerStage.valueOf((String) r[0]), (String) r[1], (String) r[2],
                    PartnerCategory.valueOf((String) r[3]), PartnerTier.valueOf((String) r[4]),
                    EnterpriseProgramme.valueOf((String) r[5]), r[6] == null ? null : new BigInteger((String) r[6]));
        }
    }

    private final Pool pool;
    private final Transactions transactions;
    private final TimeSource time;
    private final PartnerConfig config;
    private final ParticipantService participants;

    PartnerOrganisationService(Pool pool, Transactions transactions, TimeSource time, PartnerConfig config,
            ParticipantService participants) {
        this.pool = pool;
        this.transactions = transactions;
        this.time = time;
        this.config = config;
        this.participants = participants;
    }

    // ---- commands -------------------------------------------------------------------------------------------

    /** Creates an organisation in IDENTIFICATION, its first trail entry by {@code actor}. */
    public Uni<PartnerOrganisation> create(UUID actor, CreatePartnerOrganisationInput input) {
        String partnerId = partnerId(input.partnerId());
        String name = name(input.name());
        String website = website(input.website());
        EnterpriseProgramme programme = input.programme() == null ? EnterpriseProgramme.NONE : input.programme();
        BigInteger commitment = commitment(programme, input.commitment() == null ? null : input.commitment().value(),
                input.commitment() != null);
        UUID id = UUID.randomUUID();
        return transactions.run(session -> {
            OffsetDateTime now = time.nowUtc();
            return session.createNativeQuery("""
                            INSERT INTO partner_organisation (id, partner_id, name, website, category, tier, programme,
                                   commitment, stage, stage_since, created_at, updated_at)
                            VALUES (:id, :partnerId, :name, :website, :category, :tier, :programme,
                                   CAST(CAST(:commitment AS text) AS numeric), 'IDENTIFICATION', :now, :now, :now)""")
                    .setParameter("id", id).setParameter("partnerId", partnerId).setParameter("name", name)
                    .setParameter("website", website).setParameter("category", input.category().name())
                    .setParameter("tier", input.tier().name()).setParameter("programme", programme.name())
                    .setParameter("commitment", commitment == null ? null : commitment.toString())
                    .setParameter("now", now).executeUpdate()
                    .chain(() -> trail(session, id, null, PartnerStage.IDENTIFICATION, actor, CREATED, now))
                    .invoke(() -> Transactions.afterCommit(session, () -> Audit.record("partner.created",
                            Map.of("organisation", id, "partnerId", partnerId, "actor", actor,
                                    "tier", input.tier(), "programme", programme))));
        }).chain(() -> byId(id));
    }

    /** Changes what the input names; the programme and its commitment are checked together, as they will be. */
    public Uni<PartnerOrganisation> update(UUID actor, UpdatePartnerOrganisationInput input) {
        UUID id = Ids.uuid("input.id", input.id());
        String name = input.name() == null ? null : name(input.name());
        String website = input.website() == null ? null : website(input.website());
        return transactions.run(session -> lock(session, id).chain(current -> {
            EnterpriseProgramme programme = input.programme() == null ? current.programme() : input.programme();
            BigInteger commitment;
            if (input.commitment() != null) {
                commitment = commitment(programme, input.commitment().value(), true);
            } else if (programme == current.programme()) {
                commitment = current.commitment();
            } else {
                // another programme needs its own commitment; leaving one (NONE) drops it
                commitment = commitment(programme, null, false);
            }
            Map<String, Object> changes = new LinkedHashMap<>();
            changed(changes, "name", current.name(), name);
            changed(changes, "website", current.website(), website);
            changed(changes, "category", current.category(), input.category());
            changed(changes, "tier", current.tier(), input.tier());
            changed(changes, "programme", current.programme(), programme);
            if (!Objects.equals(current.commitment(), commitment)) {
                changes.put("commitment", commitment == null ? "none" : commitment);
            }
            if (changes.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return session.createNativeQuery("""
                            UPDATE partner_organisation SET name = :name, website = :website, category = :category,
                                   tier = :tier, programme = :programme,
                                   commitment = CAST(CAST(:commitment AS text) AS numeric), updated_at = :now
                             WHERE id = :id""")
                    .setParameter("name", name == null ? current.name() : name)
                    .setParameter("website", website == null ? current.website() : website)
                    .setParameter("category", (input.category() == null ? current.category() : input.category()).name())
                    .setParameter("tier", (input.tier() == null ? current.tier() : input.tier()).name())
                    .setParameter("programme", programme.name())
                    .setParameter("commitment", commitment == null ? null : commitment.toString())
                    .setParameter("now", time.nowUtc()).setParameter("id", id).executeUpdate()
                    .invoke(() -> Transactions.afterCommit(session, () -> Audit.record("partner.updated",
                            Map.of("organisation", id, "actor", actor, "changed", changes.keySet()))))
                    .replaceWithVoid();
        })).chain(() -> byId(id));
    }

    /**
     * Moves the organisation to another stage, if the lifecycle allows it from the stage it is in (read under the
     * row lock) and, when given, that stage is still the one the caller expected.
     */
    public Uni<PartnerOrganisation> move(UUID actor, MovePartnerOrganisationInput input) {
        UUID id = Ids.uuid("input.id", input.id());
        String reason = bounded(input.reason(), "input.reason", MAX_REASON);
        PartnerStage to = input.to();
        return transactions.run(session -> lock(session, id).chain(current -> {
            if (input.expectedStage() != null && input.expectedStage() != current.stage()) {
                throw PartnerRefused.stale(id, current.stage(), input.expectedStage());
            }
            if (!current.stage().canMoveTo(to)) {
                throw PartnerRefused.illegal(id, current.stage(), to);
            }
            OffsetDateTime now = time.nowUtc();
            return session.createNativeQuery("UPDATE partner_organisation SET stage = :to, stage_since = :now, "
                            + "updated_at = :now WHERE id = :id")
                    .setParameter("to", to.name()).setParameter("now", now).setParameter("id", id).executeUpdate()
                    .chain(() -> trail(session, id, current.stage(), to, actor, reason, now))
                    .invoke(() -> Transactions.afterCommit(session, () -> Audit.record("partner.moved",
                            Map.of("organisation", id, "from", current.stage(), "to", to, "actor", actor))));
        })).chain(() -> byId(id));
    }

    /** Records a feature shipped with the organisation (not in the future, by business time). */
    public Uni<CoDevelopedFeature> recordFeature(UUID actor, UUID organisation, String title,
            OffsetDateTime shippedAt) {
        String text = bounded(title, "title", MAX_TITLE);
        OffsetDateTime now = time.nowUtc();
        // PostgreSQL keeps microseconds: the answer shows what is stored
        OffsetDateTime shipped = shippedAt.truncatedTo(ChronoUnit.MICROS).withOffsetSameInstant(ZoneOffset.UTC);
        if (shipped.isAfter(now)) {
            throw OctoException.validation("shippedAt", "not in the future");
        }
        UUID id = UUID.randomUUID();
        return transactions.run(session -> lock(session, organisation).chain(current -> session.createNativeQuery("""
                        INSERT INTO co_developed_feature (id, organisation_id, title, shipped_at, recorded_by,
                               recorded_at) VALUES (:id, :organisation, :title, :shipped, :actor, :now)""")
                .setParameter("id", id).setParameter("organisation", organisation).setParameter("title", text)
                .setParameter("shipped", shipped).setParameter("actor", actor).setParameter("now", now)
                .executeUpdate()
                .invoke(() -> Transactions.afterCommit(session, () -> Audit.record("partner.feature_recorded",
                        Map.of("organisation", organisation, "feature", id, "actor", actor))))))
                .replaceWith(new CoDevelopedFeature(id, text, shipped, now,
                        organisation));
    }

    private static Uni<Held> lock(Mutiny.Session session, UUID id) {
        // NO KEY UPDATE: trail and feature rows referencing the organisation do not wait for it
        return session.createNativeQuery(LOCK, Object[].class).setParameter("id", id).getResultList().map(rows -> {
            if (rows.isEmpty()) {
                throw OctoException.notFound("PartnerOrganisation", id);
            }
            return Held.of(rows.getFirst());
        });
    }

    private static Uni<Void> trail(Mutiny.Session session, UUID organisation, PartnerStage from, PartnerStage to,
            UUID actor, String reason, OffsetDateTime at) {
        return session.createNativeQuery("""
                        INSERT INTO partner_stage_change (organisation_id, from_stage, to_stage, actor_id, reason, at)
                        VALUES (:organisation, CAST(:from AS text), :to, :actor, :reason, :at)""")
                .setParameter("organisation", organisation).setParameter("from", from == null ? null : from.name())
                .setParameter("to", to.name()).setParameter("actor", actor).setParameter("reason", reason)
                .setParameter("at", at).executeUpdate().replaceWithVoid();
    }

    private static void changed(Map<String, Object> changes, String field, Object from, Object to) {
        if (to != null && !to.equals(from)) {
            changes.put(field, to);
        }
    }

    // ---- validation -----------------------------------------------------------------------------------------

    private static String partnerId(String partnerId) {
        if (!PARTNER_ID.matcher(partnerId).matches()) {
            throw OctoException.validation("input.partnerId", "letters, digits and ._- (1 to 64, starting with a "
                    + "letter or digit), exactly as the token claim partner_id carries it");
        }
        return partnerId;
    }

    private static String name(String name) {
        return bounded(name, "input.name", MAX_NAME);
    }

    private static String bounded(String text, String field, int max) {
        String stripped = text.strip();
        if (stripped.isEmpty() || stripped.length() > max) {
            throw OctoException.validation(field, "1 to " + max + " characters");
        }
        return stripped;
    }

    static String website(String website) {
        String url = website.strip();
        if (url.isEmpty() || url.length() > MAX_WEBSITE) {
            throw OctoException.validation("input.website", "an http or https URL of at most " + MAX_WEBSITE
                    + " characters");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getRawUserInfo() != null) {
                throw OctoException.validation("input.website", "an http or https URL with a host (and no user "
                        + "info)");
            }
            return scheme + url.substring(scheme.length());
        } catch (URISyntaxException e) {
            throw OctoException.validation("input.website", "not a URL");
        }
    }

    /** The commitment the programme takes: none without one, at least its minimum with one. */
    private BigInteger commitment(EnterpriseProgramme programme, BigInteger commitment, boolean given) {
        if (programme == EnterpriseProgramme.NONE) {
            if (given) {
                throw OctoException.validation("input.commitment", "only with an enterprise programme");
            }
            return null;
        }
        if (commitment == null) {
            throw OctoException.validation("input.commitment", "required for " + programme);
        }
        BigInteger minimum = config.minimum(programme);
        if (commitment.compareTo(minimum) < 0 || commitment.signum() <= 0) {
            throw OctoException.validation("input.commitment", "at least " + minimum.max(BigInteger.ONE)
                    + " base units for " + programme);
        }
        return commitment;
    }

    // ---- reads ----------------------------------------------------------------------------------------------

    public Uni<PartnerOrganisation> byId(UUID id) {
        return pool.preparedQuery(BY_ID).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : PartnerOrganisation.of(rows.iterator().next()));
    }

    /** The organisation whose members carry {@code partnerId}, or null. */
    public Uni<PartnerOrganisation> byPartnerId(String partnerId) {
        return pool.preparedQuery(BY_PARTNER_ID).execute(Tuple.of(partnerId))
                .map(rows -> rows.size() == 0 ? null : PartnerOrganisation.of(rows.iterator().next()));
    }

    /** Organisations by name (then id). */
    public Uni<Page<PartnerOrganisation>> page(PageRequest page, Filter filter) {
        Conditions where = filter.where();
        return BY_NAME.fetch(pool, PAGE, where, page, PartnerOrganisation::of);
    }

    public Uni<Integer> count(Filter filter) {
        Conditions where = filter.where();
        return pool.preparedQuery(COUNT + where).execute(where.args()).map(Rows::count);
    }

    /** The lifecycle trail, oldest first. */
    public Uni<Page<PartnerStageChange>> history(UUID organisation, PageRequest page) {
        return OLDEST_CHANGE_FIRST.fetch(pool, HISTORY, page, Tuple.of(organisation), r -> {
            String from = r.getString("from_stage");
            return new PartnerStageChange(r.getLong("seq").toString(), from == null ? null : PartnerStage.valueOf(from),
                    PartnerStage.valueOf(r.getString("to_stage")), r.getString("reason"), r.getOffsetDateTime("at"),
                    r.getLong("seq"), r.getUUID("organisation_id"), r.getUUID("actor_id"));
        });
    }

    /** Co-developed features of many organisations in one statement, each list by shipping time. */
    public Uni<List<List<CoDevelopedFeature>>> featuresOf(List<UUID> organisations) {
        return pool.preparedQuery(FEATURES).execute(Tuple.of(organisations.toArray(UUID[]::new)))
                .map(rows -> Batch.toMany(organisations, Rows.list(rows, r -> new CoDevelopedFeature(
                        r.getUUID("id"), r.getString("title"), r.getOffsetDateTime("shipped_at"),
                        r.getOffsetDateTime("recorded_at"), r.getUUID("organisation_id"))),
                        CoDevelopedFeature::organisationId));
    }

    public Uni<Page<Participant>> members(PartnerOrganisation organisation, PageRequest page) {
        return participants.pageOfPartner(organisation.partnerId(), page);
    }

    public Uni<List<Integer>> memberCounts(List<PartnerOrganisation> organisations) {
        return participants.countOfPartners(organisations.stream().map(PartnerOrganisation::partnerId).toList());
    }

    /** The actors of trail entries, in one statement. */
    public Uni<List<Participant>> actorsOf(List<PartnerStageChange> changes) {
        return participants.byIds(changes.stream().map(PartnerStageChange::actorId).toList());
    }
}
