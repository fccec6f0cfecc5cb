package io.cipherocto.market.quota;

import io.cipherocto.market.core.audit.Audit;
import io.cipherocto.market.core.db.Batch;
import io.cipherocto.market.core.db.Conditions;
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
import io.cipherocto.market.partner.ListingView;
import io.cipherocto.market.settlement.LedgerService;
import io.cipherocto.market.settlement.Posting;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Resold AI quotas: listings (against the resale policy), purchases (tokens reserved by one atomic statement, the
 * price into the buyer's escrow), usage reports (cumulative release to the seller less the fee), cancellation and
 * expiry (the unreleased rest refunded), and the reads: the filtered, sorted catalogue and batched stats.
 */
@ApplicationScoped
public class QuotaService {

    // An API key pasted where a gateway reference belongs: refused, this server never holds credentials.
    private static final Pattern CREDENTIAL = Pattern.compile("(?i)(sk-|sk-ant-|sess-|AIza|Bearer\\s)[A-Za-z0-9_\\-]{8,}");
    private static final int MAX_KEY = 200;

    /** The catalogue's page, completed by {@link #page}'s conditions. */
    private static final String PAGE = "SELECT " + QuotaListing.COLUMNS + " FROM quota_listing l WHERE ";
    private static final String BY_IDS = "SELECT " + QuotaListing.COLUMNS + " FROM quota_listing l WHERE l.id = ANY ($1) "
            + "AND " + ListingView.quota("l", 2);
    private static final String PURCHASE_BY_ID = "SELECT " + QuotaPurchase.COLUMNS + " FROM quota_purchase p WHERE p.id = $1";
    private static final String MINE = "SELECT " + QuotaPurchase.COLUMNS + " FROM quota_purchase p WHERE p.buyer_id = $1 AND "
            + Keyset.SLOT;
    private static final String SOLD = "SELECT " + QuotaPurchase.COLUMNS + " FROM quota_purchase p WHERE p.listing_id = $1 AND "
            + Keyset.SLOT;
    private static final Keyset<QuotaPurchase> NEWEST_PURCHASE_FIRST = Keyset.<QuotaPurchase>orderBy()
            .timestamp("p.created_at", Direction.DESC, QuotaPurchase::createdAt)
            .thenId("p.id", Direction.DESC, QuotaPurchase::id);
    // One row per listing: what its purchases add up to (open purchases count whole, closed ones as used).
    private static final String STATS = """
            SELECT l.id, l.seller_id, l.total_tokens, l.remaining_tokens, l.face_price_per_million,
                   COALESCE(sum(CASE WHEN p.status = 'OPEN' THEN p.tokens ELSE p.used_tokens END), 0) AS sold,
                   COALESCE(sum(p.used_tokens), 0) AS used, COALESCE(sum(p.released - p.fee), 0) AS revenue
              FROM quota_listing l LEFT JOIN quota_purchase p ON p.listing_id = l.id
             WHERE %s = ANY ($1) GROUP BY l.id""";

    private static final Map<QuotaListingOrder.Field, Map<Keyset.Direction, Keyset<QuotaListing>>> ORDERS =
            new EnumMap<>(QuotaListingOrder.Field.class);

    static {
        for (QuotaListingOrder.Field field : QuotaListingOrder.Field.values()) {
            Map<Keyset.Direction, Keyset<QuotaListing>> byDirection = new EnumMap<>(Keyset.Direction.class);
            for (Keyset.Direction direction : Keyset.Direction.values()) {
                Direction d = direction;
                Keyset.Builder<QuotaListing> keys = Keyset.orderBy();
                switch (field) {
                    case PRICE -> keys.numeric("l.price_per_million", d, QuotaListing::price);
                    case EXPIRES_AT -> keys.timestamp("l.expires_at", d, QuotaListing::expiresAt);
                    case CREATED_AT -> keys.timestamp("l.created_at", d, QuotaListing::createdAt);
                }
                byDirection.put(direction, keys.thenId("l.id", d, QuotaListing::id));
            }
            ORDERS.put(field, byDirection);
        }
    }

    /** A purchase locked in a command's transaction, with what the command needs of its listing. */
    private record Locked(UUID id, UUID listingId, UUID buyer, UUID seller, long tokens, BigInteger price, int feeBps,
            long used, BigInteger released, BigInteger fee, boolean open, boolean listingLive) {
    }

    private final Pool pool;
    private final Transactions transactions;
    private final TimeSource time;
    private final QuotaConfig config;
    private final LedgerService ledger;

    QuotaService(Pool pool, Transactions transactions, TimeSource time, QuotaConfig config, LedgerService ledger) {
        this.pool = pool;
        this.transactions = transactions;
        this.time = time;
        this.config = config;
        this.ledger = ledger;
    }

    // ------------------------------------------------------------------------------------------------ policy

    public List<QuotaResalePolicyRow> resalePolicy() {
        return java.util.Arrays.stream(QuotaProvider.values())
                .map(p -> new QuotaResalePolicyRow(p, config.policyOf(p))).toList();
    }

    // ------------------------------------------------------------------------------------------------ listings

    /** Lists quota for sale, if the provider's resale policy allows it. */
    public Uni<QuotaListing> list(UUID seller, CreateQuotaListingInput input) {
        String family = text("input.modelFamily", input.modelFamily(), 100);
        long total = tokens("input.totalTokens", input.totalTokens());
        long minimum = input.minimumTokens() == null ? 1 : tokens("input.minimumTokens", input.minimumTokens());
        if (minimum > total) {
            throw OctoException.validation("input.minimumTokens", "at most totalTokens");
        }
        BigInteger price = positive("input.pricePerMillion", input.pricePerMillion());
        BigInteger face = positive("input.facePricePerMillion", input.facePricePerMillion());
        // every purchase, and the whole listing, must stay a TokenAmount
        if (QuotaPricing.price(total, price).compareTo(TokenAmount.MAX) > 0) {
            throw OctoException.validation("input.pricePerMillion", "the listing's whole price exceeds 2^256-1");
        }
        if (QuotaPricing.price(total, face).compareTo(TokenAmount.MAX) > 0) {
            throw OctoException.validation("input.facePricePerMillion", "the listing's face value exceeds 2^256-1");
        }
        String gateway = text("input.gatewayReference", input.gatewayReference(), 500);
        if (CREDENTIAL.matcher(gateway).find()) {
            throw OctoException.validation("input.gatewayReference",
                    "looks like a credential: give your gateway's reference, never an API key");
        }
        String approval = input.approvalReference() == null || input.approvalReference().isBlank() ? null
                : text("input.approvalReference", input.approvalReference(), 500);
        switch (config.policyOf(input.provider())) {
            case DENIED -> throw QuotaRefused.resaleDenied(input.provider());
            case REQUIRES_APPROVAL -> {
                if (approval == null) {
                    throw OctoException.validation("input.approvalReference",
                            "reselling " + input.provider() + " quota requires the provider's approval reference");
                }
            }
            case ALLOWED -> {
            }
        }
        UUID id = UUID.randomUUID();
        return transactions.run(session -> {
            OffsetDateTime now = time.nowUtc();
            if (!input.expiresAt().isAfter(now)) {
                throw OctoException.validation("input.expiresAt", "must be in the future");
            }
            return session.createNativeQuery("""
                            INSERT INTO quota_listing (id, seller_id, provider, model_family, total_tokens,
                                   remaining_tokens, price_per_million, face_price_per_million, minimum_tokens,
                                   expires_at, gateway_reference, approval_reference, status, created_at, updated_at,
                                   partner_only)
                            VALUES (:id, :seller, :provider, :family, :total, :total, :price, :face, :minimum,
                                   :expires, :gateway, :approval, 'LISTED', :now, :now, :partnerOnly)""")
                    .setParameter("partnerOnly", Boolean.TRUE.equals(input.partnerOnly()))
                    .setParameter("id", id).setParameter("seller", seller)
                    .setParameter("provider", input.provider().name()).setParameter("family", family)
                    .setParameter("total", total).setParameter("price", Rows.decimal(price))
                    .setParameter("face", Rows.decimal(face)).setParameter("minimum", minimum)
                    .setParameter("expires", input.expiresAt()).setParameter("gateway", gateway)
                    .setParameter("approval", approval).setParameter("now", now).executeUpdate()
                    .invoke(() -> Transactions.afterCommit(session, () -> Audit.record("quota.listed",
                            Map.of("listing", id, "seller", seller, "provider", input.provider(), "tokens", total))));
        }).chain(() -> byId(id));
    }

    /** The seller withdraws the listing: nothing more is sold; open purchases run on until used, cancelled or expired. */
    public Uni<QuotaListing> delist(UUID caller, UUID listingId) {
        return transactions.run(session -> session.createNativeQuery(
                        "SELECT seller_id FROM quota_listing WHERE id = :id FOR UPDATE", UUID.class)
                .setParameter("id", listingId).getResultList()
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        throw OctoException.notFound("QuotaListing", listingId);
                    }
                    if (!rows.getFirst().equals(caller)) {
                        throw QuotaRefused.notSeller(listingId);
                    }
                    return session.createNativeQuery("UPDATE quota_listing SET status = 'DELISTED', updated_at = :now "
                                    + "WHERE id = :id").setParameter("now", time.nowUtc()).setParameter("id", listingId)
                            .executeUpdate();
                })).chain(() -> byId(listingId));
    }

    // ------------------------------------------------------------------------------------------------ purchase

    /**
     * Buys {@code tokens} of a listing. Idempotent per buyer and key: the same key and request return the first
     * order; the same key with another request is IDEMPOTENCY_KEY_REUSED. In one transaction: the price moves to the
     * buyer's escrow (INSUFFICIENT_FUNDS otherwise), then one atomic UPDATE reserves the tokens (the listing row is
     * locked only from there to commit), then the purchase row. Any refusal rolls all of it back.
     */
    public Uni<QuotaPurchase> purchase(UUID buyer, UUID listingId, String tokensText, String idempotencyKey,
            ListingView view) {
        long tokens = tokens("tokens", tokensText);
        String key = key(idempotencyKey);
        String request = hash(listingId + ":" + tokens);
        // a listing the buyer does not see does not exist for it (a partner's private listing)
        return byId(listingId, view).invoke(listing -> {
            if (listing == null) {
                throw OctoException.notFound("QuotaListing", listingId);
            }
        }).chain(() -> transactions.run(session -> lockKey(session, "quota-purchase:" + buyer + ":" + key)
                        .chain(() -> session.createNativeQuery("SELECT id, request_hash FROM quota_purchase "
                                        + "WHERE buyer_id = :b AND idempotency_key = :k", Object[].class)
                                .setParameter("b", buyer).setParameter("k", key).getResultList())
                        .chain(existing -> {
                            if (!existing.isEmpty()) {
                                if (!request.equals(existing.getFirst()[1])) {
                                    throw QuotaRefused.keyReused(key);
                                }
                                return Uni.createFrom().item((UUID) existing.getFirst()[0]);
                            }
                            return newPurchase(session, buyer, listingId, tokens, key, request);
                        })))
                .chain(this::purchaseById);
    }

    private Uni<UUID> newPurchase(Mutiny.Session session, UUID buyer, UUID listingId, long tokens, String key,
            String request) {
        OffsetDateTime now = time.nowUtc();
        return session.createNativeQuery("""
                        SELECT seller_id, status, expires_at > :now, remaining_tokens, minimum_tokens, price_per_million,
                               expires_at
                          FROM quota_listing WHERE id = :id""", Object[].class)
                .setParameter("id", listingId).setParameter("now", now).getResultList()
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        throw OctoException.notFound("QuotaListing", listingId);
                    }
                    Object[] l = rows.getFirst();
                    if (buyer.equals(l[0])) {
                        throw QuotaRefused.ownListing(listingId);
                    }
                    refuseUnavailable(listingId, l, tokens);
                    long remaining = ((Number) l[3]).longValue();
                    long minimum = ((Number) l[4]).longValue();
                    if (tokens < minimum && tokens != remaining) {
                        throw QuotaRefused.belowMinimum(listingId, minimum);
                    }
                    UUID seller = (UUID) l[0];
                    BigInteger price = QuotaPricing.price(tokens, Rows.bigInteger(l[5]));
                    int feeBps = config.platformFeeBps();
                    UUID id = UUID.randomUUID();
                    return ledger.post(session, Posting.quotaPurchased(buyer, price, "quota-purchase:" + id))
                            .chain(() -> session.createNativeQuery("""
                                            UPDATE quota_listing SET remaining_tokens = remaining_tokens - :n
                                             WHERE id = :id AND status = 'LISTED' AND expires_at > :now
                                               AND remaining_tokens >= :n
                                            RETURNING remaining_tokens""", Long.class)
                                    .setParameter("n", tokens).setParameter("id", listingId).setParameter("now", now)
                                    .getResultList())
                            .chain(reserved -> reserved.isEmpty() ? refusal(session, listingId, tokens, now)
                                    : session.createNativeQuery("""
                                                    INSERT INTO quota_purchase (id, listing_id, buyer_id, tokens, price,
                                                           fee_bps, status, idempotency_key, request_hash, created_at)
                                                    VALUES (:id, :listing, :buyer, :tokens, :price, :bps, 'OPEN', :key,
                                                           :hash, :now)""")
                                            .setParameter("id", id).setParameter("listing", listingId)
                                            .setParameter("buyer", buyer).setParameter("tokens", tokens)
                                            .setParameter("price", Rows.decimal(price)).setParameter("bps", feeBps)
                                            .setParameter("key", key).setParameter("hash", request)
                                            .setParameter("now", now).executeUpdate())
                            .invoke(() -> Transactions.afterCommit(session, () -> Audit.record("quota.purchased",
                                    Map.of("purchase", id, "listing", listingId, "buyer", buyer, "seller", seller,
                                            "tokens", tokens, "price", price))))
                            .replaceWith(id);
                });
    }

    /** The listing row {@code (seller, status, live, remaining, ...)}: expired, delisted or short of tokens. */
    private static void refuseUnavailable(UUID listingId, Object[] l, long tokens) {
        if (!"LISTED".equals(l[1])) {
            throw QuotaRefused.delisted(listingId);
        }
        if (!Boolean.TRUE.equals(l[2])) {
            throw QuotaRefused.expired(listingId, (OffsetDateTime) toOffset(l[6]));
        }
        long remaining = ((Number) l[3]).longValue();
        if (remaining < tokens) {
            throw QuotaRefused.notEnoughRemaining(listingId, remaining);
        }
    }

    private static Object toOffset(Object value) {
        return switch (value) {
            case OffsetDateTime o -> o;
            case java.time.Instant i -> OffsetDateTime.ofInstant(i, java.time.ZoneOffset.UTC);
            case java.sql.Timestamp t -> OffsetDateTime.ofInstant(t.toInstant(), java.time.ZoneOffset.UTC);
            case java.time.ZonedDateTime z -> z.toOffsetDateTime();
            default -> throw new IllegalStateException("not a timestamp: " + value.getClass());
        };
    }

    /** The atomic reserve changed no row: re-read the listing to say why (another purchase won the last tokens). */
    private static <T> Uni<T> refusal(Mutiny.Session session, UUID listingId, long tokens, OffsetDateTime now) {
        return session.createNativeQuery("SELECT seller_id, status, expires_at > :now, remaining_tokens, minimum_tokens, "
                        + "price_per_million, expires_at FROM quota_listing WHERE id = :id", Object[].class)
                .setParameter("id", listingId).setParameter("now", now).getResultList()
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw OctoException.notFound("QuotaListing", listingId);
                    }
                    refuseUnavailable(listingId, rows.getFirst(), tokens);
                    // a cancellation gave tokens back between the reserve and this read: at the reserve they were short
                    throw QuotaRefused.notEnoughRemaining(listingId, ((Number) rows.getFirst()[3]).longValue());
                });
    }

    // ------------------------------------------------------------------------------------------------ usage

    /**
     * The seller's gateway reports {@code tokensUsed} more tokens delivered on a purchase. Releases are cumulative:
     * released(used) = floor(price × used / tokens), fee(released) = floor(released × feeBps / 10000); this report
     * moves the differences from the last ones. Idempotent per purchase and key.
     */
    public Uni<QuotaPurchase> reportUsage(UUID caller, UUID purchaseId, String tokensText, String idempotencyKey) {
        long delta = tokens("tokensUsed", tokensText);
        String key = key(idempotencyKey);
        String request = hash(purchaseId + ":" + delta);
        return transactions.run(session -> lock(session, purchaseId).chain(p -> {
            if (!p.seller().equals(caller)) {
                throw QuotaRefused.notSeller(p.listingId());
            }
            return session.createNativeQuery("SELECT request_hash FROM quota_usage WHERE purchase_id = :p "
                            + "AND idempotency_key = :k", String.class)
                    .setParameter("p", purchaseId).setParameter("k", key).getResultList()
                    .chain(existing -> {
                        if (!existing.isEmpty()) {
                            if (!request.equals(existing.getFirst())) {
                                throw QuotaRefused.keyReused(key);
                            }
                            return Uni.createFrom().voidItem();
                        }
                        if (!p.open()) {
                            throw QuotaRefused.closed(purchaseId);
                        }
                        if (delta > p.tokens() - p.used()) {
                            throw QuotaRefused.usageExceeds(purchaseId, p.tokens() - p.used());
                        }
                        return record(session, p, delta, key, request);
                    });
        })).chain(() -> purchaseById(purchaseId));
    }

    private Uni<Void> record(Mutiny.Session session, Locked p, long delta, String key, String request) {
        OffsetDateTime now = time.nowUtc();
        long used = p.used() + delta;
        BigInteger released = QuotaPricing.releasedTotal(p.price(), used, p.tokens());
        BigInteger fee = QuotaPricing.feeTotal(released, p.feeBps());
        BigInteger releasedDelta = released.subtract(p.released());
        BigInteger feeDelta = fee.subtract(p.fee());
        boolean usedUp = used == p.tokens();
        UUID usageId = UUID.randomUUID();
        return session.createNativeQuery("""
                        INSERT INTO quota_usage (id, purchase_id, tokens_used, idempotency_key, request_hash, released,
                               fee, reported_at)
                        VALUES (:id, :p, :n, :key, :hash, :released, :fee, :now)""")
                .setParameter("id", usageId).setParameter("p", p.id()).setParameter("n", delta)
                .setParameter("key", key).setParameter("hash", request)
                .setParameter("released", Rows.decimal(releasedDelta)).setParameter("fee", Rows.decimal(feeDelta))
                .setParameter("now", now).executeUpdate()
                .chain(() -> session.createNativeQuery("""
                                UPDATE quota_purchase SET used_tokens = :used, released = :released, fee = :fee,
                                       status = CASE WHEN :done THEN 'CLOSED' ELSE status END,
                                       close_reason = CASE WHEN :done THEN 'USED_UP' ELSE close_reason END,
                                       closed_at = CASE WHEN :done THEN CAST(:now AS timestamptz) ELSE closed_at END
                                 WHERE id = :id""")
                        .setParameter("used", used).setParameter("released", Rows.decimal(released))
                        .setParameter("fee", Rows.decimal(fee)).setParameter("done", usedUp)
                        .setParameter("now", now).setParameter("id", p.id()).executeUpdate())
                .chain(() -> releasedDelta.signum() == 0 ? Uni.createFrom().voidItem()
                        : ledger.post(session, Posting.quotaUsageReleased(p.buyer(), p.seller(), releasedDelta, feeDelta,
                                "quota-usage:" + usageId)).replaceWithVoid());
    }

    // ------------------------------------------------------------------------------------------------ close

    /**
     * The buyer cancels: what usage has not released is refunded, and the unused tokens go back on sale if the
     * listing has not expired (an expired listing's tokens are of no use to anybody).
     */
    public Uni<QuotaPurchase> cancel(UUID caller, UUID purchaseId) {
        return transactions.run(session -> lock(session, purchaseId).chain(p -> {
            if (!p.buyer().equals(caller)) {
                throw QuotaRefused.notBuyer(purchaseId);
            }
            if (!p.open()) {
                throw QuotaRefused.closed(purchaseId);
            }
            OffsetDateTime now = time.nowUtc();
            return close(session, p, QuotaPurchase.QuotaCloseReason.CANCELLED, now)
                    .chain(() -> !p.listingLive() ? Uni.createFrom().voidItem()
                            : session.createNativeQuery("UPDATE quota_listing SET remaining_tokens = remaining_tokens "
                                            + "+ :n, updated_at = :now WHERE id = :id")
                                    .setParameter("n", p.tokens() - p.used()).setParameter("now", now)
                                    .setParameter("id", p.listingId()).executeUpdate().replaceWithVoid());
        })).chain(() -> purchaseById(purchaseId));
    }

    /** One batch of the expiry step: open purchases of listings expired by now, closed with their refund. */
    Uni<Integer> expireDue(Mutiny.Session session, int batch) {
        OffsetDateTime now = time.nowUtc();
        return session.createNativeQuery("""
                        SELECT p.id FROM quota_purchase p JOIN quota_listing l ON l.id = p.listing_id
                         WHERE p.status = 'OPEN' AND l.expires_at <= :now ORDER BY l.expires_at, p.id LIMIT :batch""",
                        UUID.class)
                .setParameter("now", now).setParameter("batch", batch).getResultList()
                .chain(ids -> {
                    Uni<Void> work = Uni.createFrom().voidItem();
                    for (UUID id : ids) {
                        // a cancel may have closed it since the SELECT: only OPEN ones close here
                        work = work.chain(() -> lock(session, id))
                                .chain(p -> p.open() ? close(session, p, QuotaPurchase.QuotaCloseReason.EXPIRED, now)
                                        : Uni.createFrom().voidItem());
                    }
                    return work.replaceWith(ids.size());
                });
    }

    private Uni<Void> close(Mutiny.Session session, Locked p, QuotaPurchase.QuotaCloseReason reason,
            OffsetDateTime now) {
        BigInteger refund = p.price().subtract(p.released());
        return session.createNativeQuery("UPDATE quota_purchase SET status = 'CLOSED', close_reason = :reason, "
                        + "refunded = :refund, closed_at = :now WHERE id = :id")
                .setParameter("reason", reason.name()).setParameter("refund", Rows.decimal(refund))
                .setParameter("now", now).setParameter("id", p.id()).executeUpdate()
                .chain(() -> refund.signum() == 0 ? Uni.createFrom().voidItem()
                        : ledger.post(session, Posting.quotaRefunded(p.buyer(), refund, "quota-refund:" + p.id()))
                                .replaceWithVoid())
                .invoke(() -> Transactions.afterCommit(session, () -> Audit.record("quota.closed",
                        Map.of("purchase", p.id(), "reason", reason, "refund", refund))));
    }

    private Uni<Locked> lock(Mutiny.Session session, UUID purchaseId) {
        return session.createNativeQuery("""
                        SELECT p.id, p.listing_id, p.buyer_id, l.seller_id, p.tokens, p.price, p.fee_bps, p.used_tokens,
                               p.released, p.fee, p.status = 'OPEN', l.expires_at > :now
                          FROM quota_purchase p JOIN quota_listing l ON l.id = p.listing_id
                         WHERE p.id = :id FOR UPDATE OF p""", Object[].class)
                .setParameter("id", purchaseId).setParameter("now", time.nowUtc()).getResultList()
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw OctoException.notFound("QuotaPurchase", purchaseId);
                    }
                    Object[] r = rows.getFirst();
                    return new Locked((UUID) r[0], (UUID) r[1], (UUID) r[2], (UUID) r[3], ((Number) r[4]).longValue(),
                            Rows.bigInteger(r[5]), ((Number) r[6]).intValue(), ((Number) r[7]).longValue(),
                            Rows.bigInteger(r[8]), Rows.bigInteger(r[9]), Boolean.TRUE.equals(r[10]),
                            Boolean.TRUE.equals(r[11]));
                });
    }

    /** Serialises requests with one idempotency key (a retry waits for the first, then sees its order). */
    private static Uni<Void> lockKey(Mutiny.Session session, String key) {
        return session.createNativeQuery("SELECT CAST(pg_advisory_xact_lock(hashtextextended(:k, 0)) AS text)",
                        String.class)
                .setParameter("k", key).getSingleResult().replaceWithVoid();
    }

    // ------------------------------------------------------------------------------------------------ reads

    /** A listing as the server sees it (private or not). */
    public Uni<QuotaListing> byId(UUID id) {
        return byId(id, ListingView.EVERYTHING);
    }

    /** A listing as {@code view} sees it; null when unknown or invisible to it. */
    public Uni<QuotaListing> byId(UUID id, ListingView view) {
        return byIds(List.of(id), view).map(List::getFirst);
    }

    /** Listings in the order of {@code ids} (null where none, or invisible to {@code view}). */
    public Uni<List<QuotaListing>> byIds(List<UUID> ids, ListingView view) {
        return pool.preparedQuery(BY_IDS).execute(view.append(Tuple.of(ids.toArray(UUID[]::new))))
                .map(rows -> Batch.toOne(ids, Rows.list(rows, QuotaListing::of), QuotaListing::id));
    }

    public Uni<Page<QuotaListing>> page(QuotaListingFilter filter, QuotaListingOrder order, PageRequest page,
            ListingView view) {
        QuotaListingFilter f = filter == null ? new QuotaListingFilter(null, null, null, null) : filter;
        UUID seller = Ids.uuid("filter.seller", f.seller());
        String family = f.modelFamily() == null || f.modelFamily().isBlank() ? null : f.modelFamily().strip();
        QuotaListingOrder.Field field = order == null || order.field() == null ? QuotaListingOrder.Field.CREATED_AT
                : order.field();
        Keyset.Direction direction = order == null || order.direction() == null ? Keyset.Direction.DESC
                : order.direction();
        // only the filters given, then what the caller may see
        Conditions where = view.visibleQuotas("l", Conditions.over(Tuple.tuple())
                .when(f.provider() == null ? null : f.provider().name(), "l.provider = {}")
                .when(family, "lower(l.model_family) = lower({}::text)")
                .when(seller, "l.seller_id = {}")
                .when(Boolean.TRUE.equals(f.activeOnly()) ? time.nowUtc() : null,
                        "l.status = 'LISTED' AND l.expires_at > {} AND l.remaining_tokens > 0"));
        return ORDERS.get(field).get(direction).fetch(pool, PAGE, where, page, QuotaListing::of);
    }

    public Uni<QuotaPurchase> purchaseById(UUID id) {
        return pool.preparedQuery(PURCHASE_BY_ID).execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : QuotaPurchase.of(rows.iterator().next()));
    }

    public Uni<Page<QuotaPurchase>> mine(UUID buyer, PageRequest page) {
        return NEWEST_PURCHASE_FIRST.fetch(pool, MINE, page, Tuple.of(buyer), QuotaPurchase::of);
    }

    /** The purchases of a listing, for its seller (whose gateway reports usage against them). */
    public Uni<Page<QuotaPurchase>> sold(UUID caller, UUID listingId, PageRequest page) {
        return byId(listingId).chain(listing -> {
            if (listing == null) {
                throw OctoException.notFound("QuotaListing", listingId);
            }
            if (!listing.sellerId().equals(caller)) {
                throw QuotaRefused.notSeller(listingId);
            }
            return NEWEST_PURCHASE_FIRST.fetch(pool, SOLD, page, Tuple.of(listingId), QuotaPurchase::of);
        });
    }

    /** Stats of each listing, in the order of {@code ids}: one statement for the page. */
    public Uni<List<QuotaStats>> statsOf(List<UUID> ids) {
        return pool.preparedQuery(STATS.formatted("l.id")).execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, QuotaStats> byId = new HashMap<>();
                    for (Row r : rows) {
                        byId.put(r.getUUID("id"), stats(List.of(r)));
                    }
                    return ids.stream().map(byId::get).toList();
                });
    }

    /** Stats over all listings of each seller (zeros for a seller with none), in the order of {@code sellers}. */
    public Uni<List<QuotaStats>> sellerStatsOf(List<UUID> sellers) {
        return pool.preparedQuery(STATS.formatted("l.seller_id")).execute(Tuple.of(sellers.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, List<Row>> bySeller = new HashMap<>();
                    for (Row r : rows) {
                        bySeller.computeIfAbsent(r.getUUID("seller_id"), k -> new ArrayList<>()).add(r);
                    }
                    return sellers.stream().map(s -> stats(bySeller.getOrDefault(s, List.of()))).toList();
                });
    }

    private static QuotaStats stats(List<Row> listings) {
        long sold = 0;
        long used = 0;
        long remaining = 0;
        BigInteger revenue = BigInteger.ZERO;
        BigInteger face = BigInteger.ZERO;
        for (Row r : listings) {
            sold += Rows.bigInteger(r, "sold").longValueExact();
            used += Rows.bigInteger(r, "used").longValueExact();
            remaining += r.getLong("remaining_tokens");
            revenue = revenue.add(Rows.bigInteger(r, "revenue"));
            face = face.add(QuotaPricing.price(r.getLong("total_tokens"), Rows.bigInteger(r, "face_price_per_million")));
        }
        int rate = face.signum() == 0 ? 0
                : revenue.multiply(BigInteger.valueOf(10_000)).divide(face).min(BigInteger.valueOf(Integer.MAX_VALUE))
                        .intValueExact();
        return new QuotaStats(Long.toString(sold), Long.toString(used), Long.toString(remaining),
                TokenAmount.of(revenue.min(TokenAmount.MAX)), TokenAmount.of(face.min(TokenAmount.MAX)), rate);
    }

    // ------------------------------------------------------------------------------------------------ validation

    /** A token count: a decimal string of a whole number from 1 to 2^63-1. */
    static long tokens(String field, String value) {
        try {
            long n = Long.parseLong(value == null ? "" : value.strip());
            if (n < 1) {
                throw OctoException.validation(field, "at least 1 token");
            }
            return n;
        } catch (NumberFormatException e) {
            throw OctoException.validation(field, "a whole number of tokens as a decimal string (1 to 2^63-1)");
        }
    }

    private static BigInteger positive(String field, TokenAmount amount) {
        if (amount == null || amount.value().signum() <= 0) {
            throw OctoException.validation(field, "must be positive");
        }
        return amount.value();
    }

    private static String key(String value) {
        String key = value == null ? "" : value.strip();
        if (key.isEmpty() || key.length() > MAX_KEY) {
            throw OctoException.validation("idempotencyKey", "1 to " + MAX_KEY + " characters");
        }
        return key;
    }

    private static String text(String field, String value, int max) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty() || text.length() > max) {
            throw OctoException.validation(field, "1 to " + max + " characters");
        }
        return text;
    }

    private static String hash(String request) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(request.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
