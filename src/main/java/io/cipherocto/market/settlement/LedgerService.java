package io.cipherocto.market.settlement;

import io.cipherocto.market.core.audit.Audit;
import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.core.db.Transactions;
import io.micrometer.core.instrument.MeterRegistry;
import io.cipherocto.market.core.page.Keyset;
import io.cipherocto.market.core.page.Keyset.Direction;
import io.cipherocto.market.core.page.Page;
import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.core.scalar.TokenAmount;
import io.cipherocto.market.partner.PartnerAttribution;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Posts balanced transactions to the double-entry ledger, always on the caller's session so that a posting
 * commits or rolls back with the command that made it. The database enforces the invariants (zero sum, no negative
 * participant balance, append-only); this service maps an overdraft to {@link InsufficientFunds}.
 */
@ApplicationScoped
public class LedgerService {

    private static final String INSERT_TRANSACTION = """
            INSERT INTO ledger_transaction (id, kind, ref) VALUES (:id, :kind, :ref) ON CONFLICT (ref) DO NOTHING""";
    private static final String EXISTING_TRANSACTION = "SELECT id FROM ledger_transaction WHERE ref = :ref";
    private static final String ENSURE_ACCOUNTS = """
            INSERT INTO ledger_account (participant_id, kind)
            SELECT DISTINCT p, k FROM unnest(CAST(:owners AS uuid[]), CAST(:kinds AS text[])) AS v (p, k)
             WHERE p IS NOT NULL
            ON CONFLICT (participant_id, kind) DO NOTHING""";
    private static final String ENSURE_ORGANISATION_ACCOUNTS = """
            INSERT INTO ledger_account (organisation_id, kind)
            SELECT DISTINCT o, k FROM unnest(CAST(:organisations AS uuid[]), CAST(:kinds AS text[])) AS v (o, k)
             WHERE o IS NOT NULL
            ON CONFLICT (organisation_id, kind) DO NOTHING""";
    // WITH ORDINALITY keeps the legs in the posting's order (credits first).
    private static final String INSERT_ENTRIES = """
            INSERT INTO ledger_entry (transaction_id, account_id, amount)
            SELECT :tx, a.id, v.amount
              FROM unnest(CAST(:owners AS uuid[]), CAST(:organisations AS uuid[]), CAST(:kinds AS text[]),
                          CAST(:amounts AS numeric[]))
                   WITH ORDINALITY AS v (p, o, k, amount, n)
              JOIN ledger_account a ON a.kind = v.k AND a.participant_id IS NOT DISTINCT FROM v.p
                   AND a.organisation_id IS NOT DISTINCT FROM v.o
             ORDER BY v.n""";
    private static final String INSERT_REVENUE_SHARE = """
            INSERT INTO partner_revenue_share (transaction_id, organisation_id, buyer_id, tier, policy_version,
                   revenue_share_bps, platform_fee, share)
            VALUES (:tx, :organisation, :buyer, :tier, :version, :bps, :fee, :share)""";
    private static final String LOCK_DEBITED = """
            SELECT participant_id, kind, balance FROM ledger_account
             WHERE (participant_id, kind) IN (SELECT * FROM unnest(CAST(:owners AS uuid[]), CAST(:kinds AS text[])))
             ORDER BY id FOR UPDATE""";
    private static final String BALANCES = "SELECT kind, balance FROM ledger_account WHERE participant_id = $1";
    private static final String HISTORY = """
            SELECT e.id, e.amount, e.created_at, a.kind AS account, t.kind AS transaction_kind, t.id AS transaction_id
              FROM ledger_entry e
              JOIN ledger_account a ON a.id = e.account_id
              JOIN ledger_transaction t ON t.id = e.transaction_id
             WHERE a.participant_id = $1 AND {keyset}""";
    private static final Keyset<LedgerEntry> NEWEST_FIRST = Keyset.<LedgerEntry>orderBy()
            .timestamp("e.created_at", Direction.DESC, LedgerEntry::createdAt)
            .thenId("e.id", Direction.DESC, LedgerEntry::id);

    /** One participant account. */
    private record Account(UUID participantId, AccountKind kind) {
    }

    /** A partner-sourced sale's attribution and the share it earned (null fields: the sale is not attributed). */
    private record Attributed(Posting posting, UUID buyer, PartnerAttribution.Terms terms, BigInteger platformFee,
            BigInteger share) {
    }

    private final Pool pool;

    private final MeterRegistry metrics;

    private final PartnerAttribution attribution;

    LedgerService(Pool pool, MeterRegistry metrics, PartnerAttribution attribution) {
        this.pool = pool;
        this.metrics = metrics;
        this.attribution = attribution;
    }

    /**
     * Posts inside the caller's transaction. Idempotent by {@link Posting#ref()}: a second posting with the
     * same ref changes nothing and returns the first transaction's id. Fails with {@link InsufficientFunds}, having
     * written nothing, when a debit would take a participant account below zero. A sale whose buyer is a member of a
     * partner organisation is recorded as partner-sourced, and the organisation's revenue share moves out of the
     * platform fee into its PARTNER_SHARE account in this same transaction (see {@link #attribute}).
     */
    public Uni<UUID> post(Mutiny.Session session, Posting posting) {
        UUID id = UUID.randomUUID();
        return session.createNativeQuery(INSERT_TRANSACTION)
                .setParameter("id", id).setParameter("kind", posting.kind().name()).setParameter("ref", posting.ref())
                .executeUpdate()
                .flatMap(inserted -> inserted == 0
                        ? session.createNativeQuery(EXISTING_TRANSACTION, UUID.class)
                                .setParameter("ref", posting.ref()).getSingleResult()
                        : attribute(session, posting).chain(sale -> requireCover(session, sale.posting())
                                .chain(() -> insertEntries(session, id, sale.posting()))
                                .chain(() -> recordShare(session, id, sale))
                                .invoke(() -> Transactions.afterCommit(session, () -> posted(id, sale)))
                                .replaceWith(id)));
    }

    /**
     * A sale's attribution: when the buyer is a member of a partner organisation, the organisation earns
     * floor(platform fee × the rate of its tier / 10000) out of the platform fee. Other postings pass unchanged.
     */
    private Uni<Attributed> attribute(Mutiny.Session session, Posting posting) {
        UUID buyer = posting.buyer().orElse(null);
        if (buyer == null) {
            return Uni.createFrom().item(new Attributed(posting, null, null, null, null));
        }
        return attribution.termsOf(session, buyer).map(terms -> {
            if (terms == null) {
                return new Attributed(posting, null, null, null, null);
            }
            BigInteger fee = posting.platformFee();
            BigInteger share = terms.shareOf(fee);
            return new Attributed(posting.withPartnerShare(terms.organisationId(), share), buyer, terms, fee, share);
        });
    }

    private static Uni<Void> recordShare(Mutiny.Session session, UUID transactionId, Attributed sale) {
        if (sale.terms() == null) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery(INSERT_REVENUE_SHARE).setParameter("tx", transactionId)
                .setParameter("organisation", sale.terms().organisationId()).setParameter("buyer", sale.buyer())
                .setParameter("tier", sale.terms().tier().name())
                .setParameter("version", sale.terms().policyVersion())
                .setParameter("bps", sale.terms().revenueShareBps())
                .setParameter("fee", Rows.decimal(sale.platformFee())).setParameter("share", Rows.decimal(sale.share()))
                .executeUpdate().replaceWithVoid();
    }

    /** After commit: the audit line and the metrics of one money movement. */
    private void posted(UUID transactionId, Attributed sale) {
        Posting posting = sale.posting();
        Map<String, Object> line = new java.util.LinkedHashMap<>(Map.of("transaction", transactionId,
                "kind", posting.kind(), "ref", posting.ref(), "legs", posting.legs().stream()
                        .map(l -> owner(l) + "/" + l.account() + ":" + l.amount()).toList()));
        if (sale.terms() != null) {
            line.put("partnerOrganisation", sale.terms().organisationId());
            line.put("revenueShareBps", sale.terms().revenueShareBps());
            line.put("policyVersion", sale.terms().policyVersion());
            line.put("partnerShare", sale.share());
        }
        Audit.record("ledger.posted", line);
        metrics.counter("octo_ledger_postings", "kind", posting.kind().name()).increment();
        // Whole tokens as a double: for dashboards only (approximate by design); exact amounts are in the ledger.
        BigInteger volume = posting.legs().stream().map(Posting.Leg::amount).filter(a -> a.signum() > 0)
                .reduce(BigInteger.ZERO, BigInteger::add);
        metrics.counter("octo_ledger_volume_tokens_approx", "kind", posting.kind().name())
                .increment(new BigDecimal(volume).movePointLeft(18).doubleValue());
    }

    private static String owner(Posting.Leg leg) {
        if (leg.organisationId() != null) {
            return "organisation:" + leg.organisationId();
        }
        return leg.participantId() == null ? "platform" : leg.participantId().toString();
    }

    /**
     * Locks the participant accounts the posting debits (in id order, so concurrent postings cannot deadlock) and
     * refuses the posting if one would go below zero, naming the account, what it needs and what it holds. The
     * database's CHECK stays the last word; this only makes the refusal exact and tellable.
     */
    private static Uni<Void> requireCover(Mutiny.Session session, Posting posting) {
        Map<Account, BigInteger> net = new java.util.LinkedHashMap<>();
        for (Posting.Leg leg : posting.legs()) {
            if (leg.participantId() != null) {
                net.merge(new Account(leg.participantId(), leg.account()), leg.amount(), BigInteger::add);
            }
        }
        List<Account> debited = net.entrySet().stream().filter(e -> e.getValue().signum() < 0)
                .map(Map.Entry::getKey).toList();
        if (debited.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery(LOCK_DEBITED, Object[].class)
                .setParameter("owners", debited.stream().map(Account::participantId).toArray(UUID[]::new))
                .setParameter("kinds", debited.stream().map(a -> a.kind().name()).toArray(String[]::new))
                .getResultList()
                .invoke(rows -> {
                    Map<Account, BigInteger> balances = new HashMap<>();
                    for (Object[] r : rows) {
                        balances.put(new Account((UUID) r[0], AccountKind.valueOf((String) r[1])),
                                Rows.bigInteger(r[2]));
                    }
                    for (Account account : debited) {
                        BigInteger held = balances.getOrDefault(account, BigInteger.ZERO);
                        BigInteger needed = net.get(account).negate();
                        if (held.compareTo(needed) < 0) {
                            throw new InsufficientFunds(account.kind(), needed, held);
                        }
                    }
                })
                .replaceWithVoid();
    }

    private static Uni<Void> insertEntries(Mutiny.Session session, UUID id, Posting posting) {
        UUID[] owners = posting.legs().stream().map(Posting.Leg::participantId).toArray(UUID[]::new);
        UUID[] organisations = posting.legs().stream().map(Posting.Leg::organisationId).toArray(UUID[]::new);
        String[] kinds = posting.legs().stream().map(l -> l.account().name()).toArray(String[]::new);
        BigDecimal[] amounts = posting.legs().stream().map(l -> Rows.decimal(l.amount())).toArray(BigDecimal[]::new);
        Uni<Integer> ensured = session.createNativeQuery(ENSURE_ACCOUNTS)
                .setParameter("owners", owners).setParameter("kinds", kinds).executeUpdate();
        if (Arrays.stream(organisations).anyMatch(java.util.Objects::nonNull)) {
            ensured = ensured.chain(() -> session.createNativeQuery(ENSURE_ORGANISATION_ACCOUNTS)
                    .setParameter("organisations", organisations).setParameter("kinds", kinds).executeUpdate());
        }
        return ensured
                .flatMap(ignored -> session.createNativeQuery(INSERT_ENTRIES)
                        .setParameter("tx", id).setParameter("owners", owners)
                        .setParameter("organisations", organisations).setParameter("kinds", kinds)
                        .setParameter("amounts", amounts).executeUpdate())
                .map(inserted -> {
                    if (inserted != posting.legs().size()) {
                        throw new IllegalStateException("ledger accounts missing for " + posting);
                    }
                    return null;
                });
    }

    /** The participant's balance per account kind (zero where no account exists yet). */
    public Uni<Map<AccountKind, BigInteger>> balancesOf(UUID participantId) {
        return pool.preparedQuery(BALANCES).execute(Tuple.of(participantId)).map(rows -> {
            Map<AccountKind, BigInteger> balances = new EnumMap<>(AccountKind.class);
            Arrays.stream(AccountKind.values()).filter(AccountKind::isParticipant).forEach(k -> balances.put(k, BigInteger.ZERO));
            for (Row row : rows) {
                balances.put(AccountKind.valueOf(row.getString("kind")), Rows.bigInteger(row, "balance"));
            }
            return balances;
        });
    }

    /** The participant's entries, newest first, one keyset page. */
    public Uni<Page<LedgerEntry>> history(UUID participantId, PageRequest page) {
        return NEWEST_FIRST.fetch(pool, HISTORY, page, Tuple.of(participantId), LedgerService::toEntry);
    }

    private static LedgerEntry toEntry(Row row) {
        BigInteger amount = Rows.bigInteger(row, "amount");
        return new LedgerEntry(row.getUUID("id"), AccountKind.valueOf(row.getString("account")),
                amount.signum() > 0 ? LedgerEntry.Direction.CREDIT : LedgerEntry.Direction.DEBIT,
                TokenAmount.of(amount.abs()), TransactionKind.valueOf(row.getString("transaction_kind")), row.getUUID("transaction_id"),
                row.getOffsetDateTime("created_at"));
    }
}
