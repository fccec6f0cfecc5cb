package io.cipherocto.market.datanet;

import io.cipherocto.market.datanet.DatanetReaders.Reader;
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
import io.cipherocto.market.core.scalar.EvmAddress;
import io.cipherocto.market.core.scalar.Ids;
import io.cipherocto.market.core.scalar.TokenAmount;
import io.cipherocto.market.core.time.TimeSource;
import io.cipherocto.market.datanet.ReputationService.Outcome;
import io.cipherocto.market.identity.ParticipantService;
import io.cipherocto.market.identity.Wallet;
import io.cipherocto.market.settlement.LedgerService;
import io.cipherocto.market.settlement.Posting;
import io.cipherocto.market.staking.StakeBonds;
import io.cipherocto.market.staking.StakeService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Contributions: submit (bond held against the wallet's stake), review, challenge, slash and finalize. Each command
 * is one transaction: the contribution's state, its history row, the bond, deposits, the queued slash and the
 * reputation counters commit together or not at all. Reads apply {@link Reader}'s rule on every path.
 */
@ApplicationScoped
public class ContributionService {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> URI_SCHEMES = Set.of("https", "http", "ipfs", "ar", "s3", "gs");
    private static final int MAX_PARENTS = 32;
    /** Lineage walks stop at this depth however deep the caller asks. */
    static final int MAX_LINEAGE_DEPTH = 10;
    private static final int MAX_LINEAGE_ROWS = 500;

    /**
     * The read rule over a contribution aliased {@code c} ({@link DatanetReaders#contributionReadable}), with the reader
     * as $1 (participant), $2 (partner id), $3 (admin); each query's own arguments follow from $4.
     */
    private static final String VISIBLE = DatanetReaders.contributionReadable("c.datanet_id", "c.contributor_id",
            "$1", "$2", "$3");
    private static final String BY_ID = "SELECT " + Contribution.COLUMNS + " FROM contribution c WHERE c.id = $4 AND "
            + VISIBLE;
    private static final String PAGE = "SELECT " + Contribution.COLUMNS + " FROM contribution c WHERE ";
    private static final String MINE = "SELECT " + Contribution.COLUMNS + " FROM contribution c "
            + "WHERE c.contributor_id = $1 AND " + Keyset.SLOT;
    private static final Keyset<Contribution> NEWEST_FIRST = Keyset.<Contribution>orderBy()
            .timestamp("c.submitted_at", Direction.DESC, Contribution::submittedAt)
            .thenId("c.id", Direction.DESC, Contribution::id);
    // Walks parent links (or child links) from the contributions with the start hash, through readable
    // contributions only, never revisiting a hash on the same path (lineage can be cyclic across datanets).
    private static final String LINEAGE = """
            WITH RECURSIVE walk (id, content_hash, depth, path) AS (
                SELECT c.id, c.content_hash, 0, ARRAY[c.content_hash] FROM contribution c
                 WHERE c.content_hash = $4 AND %1$s
                UNION ALL
                SELECT c.id, c.content_hash, w.depth + 1, w.path || c.content_hash
                  FROM walk w %2$s
                 WHERE w.depth < $5 AND NOT c.content_hash = ANY (w.path) AND %1$s
            )
            SELECT DISTINCT ON (c.id) w.depth, %3$s FROM walk w JOIN contribution c ON c.id = w.id
             WHERE w.depth > 0 ORDER BY c.id, w.depth LIMIT %4$d""";
    private static final String ANCESTORS = LINEAGE.formatted(VISIBLE,
            "JOIN contribution_parent cp ON cp.contribution_id = w.id JOIN contribution c ON c.content_hash = cp.parent_hash",
            Contribution.COLUMNS, MAX_LINEAGE_ROWS);
    private static final String DESCENDANTS = LINEAGE.formatted(VISIBLE,
            "JOIN contribution_parent cp ON cp.parent_hash = w.content_hash JOIN contribution c ON c.id = cp.contribution_id",
            Contribution.COLUMNS, MAX_LINEAGE_ROWS);
    private static final String PARENTS = """
            SELECT contribution_id, parent_hash FROM contribution_parent WHERE contribution_id = ANY ($1)
             ORDER BY contribution_id, parent_hash""";
    private static final String HISTORY = """
            SELECT contribution_id, from_state, to_state, actor_id, note, at FROM contribution_transition
             WHERE contribution_id = ANY ($1) ORDER BY contribution_id, id""";
    private static final String CHALLENGES = """
            SELECT id, contribution_id, challenger_id, reason, note, deposit, status, opened_at, resolved_at,
                   resolution_note, reward
              FROM contribution_challenge WHERE contribution_id = ANY ($1) ORDER BY contribution_id, opened_at""";

    private final Pool pool;
    private final Transactions transactions;
    private final TimeSource time;
    private final ParticipantService participants;
    private final StakeService stakes;
    private final StakeBonds bonds;
    private final LedgerService ledger;
    private final ReputationService reputation;

    ContributionService(Pool pool, Transactions transactions, TimeSource time, ParticipantService participants,
            StakeService stakes, StakeBonds bonds, LedgerService ledger, ReputationService reputation) {
        this.pool = pool;
        this.transactions = transactions;
        this.time = time;
        this.participants = participants;
        this.stakes = stakes;
        this.bonds = bonds;
        this.ledger = ledger;
        this.reputation = reputation;
    }

    // ------------------------------------------------------------------------------------------------ quote, submit

    /** What submitting to the datanet costs and risks for this reader, from the datanet's terms and the chain mirror. */
    public Uni<SubmissionQuote> quote(Reader reader, UUID datanetId, EvmAddress named) {
        return datanetTerms(datanetId, reader).chain(found -> participants.walletsOf(List.of(reader.participantId()))
                .map(List::getFirst)
                .chain(wallets -> capacities(wallets, named))
                .map(capacities -> {
                    DatanetTerms terms = found.terms();
                    StakeBonds.Capacity best = best(capacities);
                    BigInteger bond = terms.bond().value();
                    BigInteger free = best == null ? BigInteger.ZERO : best.free();
                    return new SubmissionQuote(terms, best == null ? null : EvmAddress.of(best.wallet()),
                            TokenAmount.of(best == null ? BigInteger.ZERO : best.staked()),
                            TokenAmount.of(best == null ? BigInteger.ZERO : best.held()), TokenAmount.of(free),
                            terms.slashAmount(), free.compareTo(bond) >= 0,
                            TokenAmount.of(bond.subtract(free).max(BigInteger.ZERO)), found.readable());
                }));
    }

    /** Submits a contribution: validated, its bond held against the wallet's free stake, all in one transaction. */
    public Uni<Contribution> submit(Reader reader, SubmitContributionInput input) {
        String hash = sha256("input.contentHash", input.contentHash());
        String uri = storageUri(input.storageUri());
        long size = byteSize(input.byteSize());
        String licence = text("input.licence", input.licence(), 100);
        List<String> parents = parents(input.parentHashes(), hash);
        UUID contributor = reader.participantId();
        UUID datanetId = Ids.uuid("input.datanetId", input.datanetId());
        return participants.walletsOf(List.of(contributor)).map(List::getFirst)
                .chain(wallets -> {
                    if (wallets.isEmpty()) {
                        throw OctoException.validation("input.wallet", "link a wallet first (walletChallenge, linkWallet)");
                    }
                    return capacities(wallets, input.wallet());
                })
                .chain(capacities -> transactions.run(session -> {
                    OffsetDateTime now = time.nowUtc();
                    String wallet = best(capacities).wallet();
                    ContributionEntity c = new ContributionEntity();
                    c.id = UUID.randomUUID();
                    c.datanetId = datanetId;
                    c.contributorId = contributor;
                    c.wallet = wallet;
                    c.contentHash = hash;
                    c.storageUri = uri;
                    c.byteSize = size;
                    c.licence = licence;
                    c.state = ContributionState.PENDING;
                    c.submittedAt = now;
                    c.updatedAt = now;
                    return termsForSubmission(session, reader, datanetId)
                            .invoke(terms -> {
                                c.bond = terms.bond().value();
                                c.challengeWindowSeconds = terms.challengeWindowSeconds();
                                c.challengeDeposit = terms.challengeDeposit().value();
                                c.slashShareBps = terms.slashShareBps();
                                c.challengerRewardBps = terms.challengerRewardBps();
                            })
                            .chain(() -> requireParents(session, parents))
                            .chain(() -> session.persist(c)).chain(session::flush)
                            .chain(() -> insertParents(session, c.id, parents))
                            .chain(() -> transition(session, c.id, null, ContributionState.PENDING, contributor, null, now))
                            .chain(() -> bonds.hold(session, contributor, wallet, c.bond, c.bondReference(), now))
                            .chain(() -> session.createNativeQuery("UPDATE datanet SET contribution_count = "
                                    + "contribution_count + 1 WHERE id = :id").setParameter("id", c.datanetId)
                                    .executeUpdate())
                            .replaceWith(c.id);
                }))
                .chain(id -> byId(reader, id));
    }

    // ------------------------------------------------------------------------------------------------ review

    public Uni<Contribution> accept(Reader reader, UUID id) {
        return command(reader, id, (session, c, now) -> requireCurator(session, c.datanetId, reader)
                .invoke(() -> notOwn(c, reader))
                .chain(() -> {
                    c.moveTo(ContributionState.ACCEPTED, now);
                    c.reviewedBy = reader.participantId();
                    c.reviewedAt = now;
                    c.challengeEndsAt = now.plusSeconds(c.challengeWindowSeconds);
                    return transition(session, c.id, ContributionState.PENDING, ContributionState.ACCEPTED,
                            reader.participantId(), null, now);
                })
                .chain(() -> reputation.record(session, c.contributorId, c.datanetId, Outcome.ACCEPTED, now)));
    }

    public Uni<Contribution> reject(Reader reader, UUID id, RejectionReason reason, String note,
            boolean malicious) {
        String why = optionalText("note", note, 2000);
        if (reason == RejectionReason.OTHER && why == null) {
            throw OctoException.validation("note", "say what is wrong when the reason is OTHER");
        }
        boolean slash = malicious || reason == RejectionReason.MALICIOUS;
        return command(reader, id, (session, c, now) -> requireCurator(session, c.datanetId, reader)
                .invoke(() -> notOwn(c, reader))
                .chain(() -> {
                    c.reviewedBy = reader.participantId();
                    c.reviewedAt = now;
                    c.rejectionReason = reason;
                    c.rejectionNote = why;
                    if (slash) {
                        return slash(session, c, reader.participantId(), why, now);
                    }
                    ContributionState from = c.moveTo(ContributionState.REJECTED, now);
                    return transition(session, c.id, from, ContributionState.REJECTED, reader.participantId(), why, now)
                            .chain(() -> bonds.release(session, c.bondReference(), now))
                            .chain(() -> reputation.record(session, c.contributorId, c.datanetId, Outcome.REJECTED, now));
                }));
    }

    // ------------------------------------------------------------------------------------------------ challenges

    /** Challenges an accepted contribution during its window, locking the deposit its terms name. */
    public Uni<Contribution> challenge(Reader reader, UUID id, RejectionReason reason, String note) {
        String why = optionalText("note", note, 2000);
        UUID challenger = reader.participantId();
        return participants.walletsOf(List.of(challenger)).map(List::getFirst)
                // only participants with stake may challenge
                .chain(wallets -> stakes.requireStakeOfAny(wallets.stream().map(w -> w.address().value()).toList(),
                        BigInteger.ONE))
                .chain(() -> command(reader, id, (session, c, now) -> {
                    if (c.contributorId.equals(challenger)) {
                        throw ContributionRefused.ownContribution(c.id);
                    }
                    if (c.state == ContributionState.ACCEPTED && !now.isBefore(c.challengeEndsAt)) {
                        throw ContributionRefused.windowClosed(c.id, c.challengeEndsAt);
                    }
                    ContributionState from = c.moveTo(ContributionState.CHALLENGED, now);
                    UUID challengeId = UUID.randomUUID();
                    return session.createNativeQuery("""
                                    INSERT INTO contribution_challenge (id, contribution_id, challenger_id, reason, note,
                                                                        deposit, status, opened_at)
                                    VALUES (:id, :c, :challenger, :reason, :note, :deposit, 'OPEN', :at)""")
                            .setParameter("id", challengeId).setParameter("c", c.id)
                            .setParameter("challenger", challenger).setParameter("reason", reason.name())
                            .setParameter("note", why).setParameter("deposit", Rows.decimal(c.challengeDeposit))
                            .setParameter("at", now).executeUpdate()
                            .chain(() -> c.challengeDeposit.signum() == 0 ? Uni.createFrom().voidItem()
                                    : ledger.post(session, Posting.challengeDepositLocked(challenger,
                                            c.challengeDeposit, "challenge:" + challengeId)).replaceWithVoid())
                            .chain(() -> transition(session, c.id, from, ContributionState.CHALLENGED, challenger,
                                    reason.name() + (why == null ? "" : ": " + why), now));
                }));
    }

    /**
     * Resolves the open challenge. Upheld: the contribution is treated as malicious (slashed), the challenger gets the
     * deposit back now and the reward share of the slash when it is mined. Dismissed: the deposit goes to the
     * contributor and the contribution is FINAL.
     */
    public Uni<Contribution> resolve(Reader reader, UUID id, boolean upheld, String note) {
        String why = optionalText("note", note, 2000);
        UUID curator = reader.participantId();
        return command(reader, id, (session, c, now) -> requireCurator(session, c.datanetId, reader)
                .invoke(() -> {
                    notOwn(c, reader);
                    if (curator.equals(c.reviewedBy)) {
                        throw ContributionRefused.acceptedByYou(c.id);
                    }
                    if (c.state != ContributionState.CHALLENGED) {
                        throw ContributionRefused.illegal(c.id, c.state, upheld ? ContributionState.SLASHING
                                : ContributionState.FINAL);
                    }
                })
                .chain(() -> session.createNativeQuery("""
                                SELECT id, challenger_id, reason, deposit FROM contribution_challenge
                                 WHERE contribution_id = :c AND status = 'OPEN' FOR UPDATE""", Object[].class)
                        .setParameter("c", c.id).getSingleResult())
                .chain(open -> {
                    UUID challengeId = (UUID) open[0];
                    UUID challenger = (UUID) open[1];
                    if (challenger.equals(curator)) {
                        throw ContributionRefused.ownContribution(c.id);
                    }
                    BigInteger deposit = Rows.bigInteger(open[3]);
                    DatanetTerms terms = c.terms();
                    BigInteger reward = upheld ? terms.challengerReward(terms.slashAmount()).value() : BigInteger.ZERO;
                    Uni<Integer> closed = session.createNativeQuery("""
                                    UPDATE contribution_challenge SET status = :status, resolved_by = :by,
                                           resolved_at = :at, resolution_note = :note, reward = :reward
                                     WHERE id = :id""")
                            .setParameter("status", upheld ? "UPHELD" : "DISMISSED").setParameter("by", curator)
                            .setParameter("at", now).setParameter("note", why)
                            .setParameter("reward", upheld ? Rows.decimal(reward) : null)
                            .setParameter("id", challengeId).executeUpdate();
                    if (upheld) {
                        c.rejectionReason = RejectionReason.valueOf((String) open[2]);
                        c.rejectionNote = why;
                        return closed
                                .chain(() -> deposit.signum() == 0 ? Uni.createFrom().voidItem()
                                        : ledger.post(session, Posting.challengeDepositReturned(challenger, deposit,
                                                "challenge-returned:" + challengeId)).replaceWithVoid())
                                .chain(() -> reputation.record(session, challenger, c.datanetId,
                                        Outcome.CHALLENGE_UPHELD, now))
                                .chain(() -> slash(session, c, curator, why, now));
                    }
                    ContributionState from = c.moveTo(ContributionState.FINAL, now);
                    return closed
                            .chain(() -> deposit.signum() == 0 ? Uni.createFrom().voidItem()
                                    : ledger.post(session, Posting.challengeDepositForfeited(challenger,
                                            c.contributorId, deposit, "challenge-forfeited:" + challengeId))
                                            .replaceWithVoid())
                            .chain(() -> reputation.record(session, challenger, c.datanetId,
                                    Outcome.CHALLENGE_DISMISSED, now))
                            .chain(() -> transition(session, c.id, from, ContributionState.FINAL, curator,
                                    "challenge dismissed" + (why == null ? "" : ": " + why), now))
                            .chain(() -> finalized(session, c, now));
                }));
    }

    // ------------------------------------------------------------------------------------------------ slash, final

    /**
     * A malicious verdict: SLASHING, and the slash queued on chain in this transaction (reason hash from the
     * contribution id). A zero slash share slashes nothing: the contribution is SLASHED at once and its bond released.
     */
    private Uni<Void> slash(Mutiny.Session session, ContributionEntity c, UUID actor, String note,
            OffsetDateTime now) {
        ContributionState from = c.moveTo(ContributionState.SLASHING, now);
        BigInteger amount = c.terms().slashAmount().value();
        Uni<Void> moved = transition(session, c.id, from, ContributionState.SLASHING, actor, note, now);
        if (amount.signum() == 0) {
            c.slashAmount = BigInteger.ZERO;
            return moved.invoke(() -> c.moveTo(ContributionState.SLASHED, now))
                    .chain(() -> transition(session, c.id, ContributionState.SLASHING, ContributionState.SLASHED, null,
                            "the datanet's slash share is zero: nothing to slash", now))
                    .chain(() -> bonds.release(session, c.bondReference(), now))
                    .chain(() -> reputation.record(session, c.contributorId, c.datanetId, Outcome.SLASHED, now));
        }
        c.slashAmount = amount;
        return moved.chain(() -> stakes.requestSlash(session, c.wallet, amount, "contribution:" + c.id + ":slash"))
                .invoke(hash -> c.slashReasonHash = hash)
                .replaceWithVoid();
    }

    /** The contribution became FINAL: its bond is released and the contributor's reputation grows. */
    Uni<Void> finalized(Mutiny.Session session, ContributionEntity c, OffsetDateTime now) {
        return bonds.release(session, c.bondReference(), now)
                .chain(() -> reputation.record(session, c.contributorId, c.datanetId, Outcome.FINALIZED, now));
    }

    // ------------------------------------------------------------------------------------------------ reads

    public Uni<Contribution> byId(Reader reader, UUID id) {
        return pool.preparedQuery(BY_ID).execute(args(reader, id))
                .map(rows -> rows.size() == 0 ? null : Contribution.of(rows.iterator().next()));
    }

    public Uni<Page<Contribution>> page(Reader reader, UUID datanetId, ContributionState state,
            PageRequest page) {
        Conditions where = Conditions.over(args(reader, datanetId)).and("c.datanet_id = $4")
                .when(state == null ? null : state.name(), "c.state = {}").and(VISIBLE);
        return NEWEST_FIRST.fetch(pool, PAGE, where, page, Contribution::of);
    }

    /** The reader's own contributions, newest first (their own are always visible to them). */
    public Uni<Page<Contribution>> mine(Reader reader, PageRequest page) {
        return NEWEST_FIRST.fetch(pool, MINE, page, Tuple.of(reader.participantId()), Contribution::of);
    }

    /** Ancestors ({@code up}) or descendants of the contributions with this hash, nearest first. */
    public Uni<List<LineageEntry>> lineage(Reader reader, String contentHash, Integer depth, boolean up) {
        String hash = sha256("contentHash", contentHash);
        int bound = depth == null ? 3 : depth;
        if (bound < 1 || bound > MAX_LINEAGE_DEPTH) {
            throw OctoException.validation("depth", "between 1 and " + MAX_LINEAGE_DEPTH);
        }
        return pool.preparedQuery(up ? ANCESTORS : DESCENDANTS).execute(args(reader, hash, bound))
                .map(rows -> {
                    List<LineageEntry> entries = new ArrayList<>();
                    for (Row r : rows) {
                        entries.add(new LineageEntry(r.getInteger("depth"), Contribution.of(r)));
                    }
                    entries.sort(Comparator.comparingInt(LineageEntry::depth)
                            .thenComparing(e -> e.contribution().submittedAt())
                            .thenComparing(e -> e.contribution().id()));
                    return entries;
                });
    }

    Uni<List<List<String>>> parentHashesOf(List<UUID> ids) {
        return pool.preparedQuery(PARENTS).execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    List<Object[]> links = new ArrayList<>();
                    rows.forEach(r -> links.add(new Object[] {r.getUUID("contribution_id"), r.getString("parent_hash")}));
                    return Batch.toMany(ids, links, l -> (UUID) l[0]).stream()
                            .map(l -> l.stream().map(x -> (String) x[1]).toList()).toList();
                });
    }

    Uni<List<List<ContributionTransition>>> historyOf(List<UUID> ids) {
        return pool.preparedQuery(HISTORY).execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> Batch.toMany(ids, Rows.list(rows, r -> new ContributionTransition(
                        r.getUUID("contribution_id"),
                        r.getString("from_state") == null ? null : ContributionState.valueOf(r.getString("from_state")),
                        ContributionState.valueOf(r.getString("to_state")), r.getUUID("actor_id"),
                        r.getString("note"), r.getOffsetDateTime("at"))), ContributionTransition::contributionId));
    }

    Uni<List<List<Challenge>>> challengesOf(List<UUID> ids) {
        return pool.preparedQuery(CHALLENGES).execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> Batch.toMany(ids, Rows.list(rows, r -> new Challenge(r.getUUID("id"),
                        r.getUUID("contribution_id"), r.getUUID("challenger_id"),
                        RejectionReason.valueOf(r.getString("reason")), r.getString("note"),
                        Rows.tokenAmount(r, "deposit"), Challenge.ChallengeStatus.valueOf(r.getString("status")),
                        r.getOffsetDateTime("opened_at"), r.getOffsetDateTime("resolved_at"),
                        r.getString("resolution_note"),
                        r.getValue("reward") == null ? null : Rows.tokenAmount(r, "reward"))), Challenge::contributionId));
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    /** The reader's three arguments, then the query's own. */
    private static Tuple args(Reader reader, Object... more) {
        return Rows.tuple(java.util.stream.Stream.concat(
                java.util.stream.Stream.of(reader.participantId(), reader.partnerId(), reader.admin()),
                java.util.Arrays.stream(more)).toArray());
    }

    /** A step on one contribution, in one transaction: locked, readable by the caller (else NOT_FOUND), changed. */
    @FunctionalInterface
    private interface Step {
        Uni<Void> apply(Mutiny.Session session, ContributionEntity c, OffsetDateTime now);
    }

    private Uni<Contribution> command(Reader reader, UUID id, Step step) {
        return transactions.run(session -> session.find(ContributionEntity.class, id, LockMode.PESSIMISTIC_WRITE)
                        .chain(c -> {
                            if (c == null) {
                                throw OctoException.notFound("Contribution", id);
                            }
                            return readable(session, reader, c.datanetId, c.contributorId).chain(readable -> {
                                if (!readable) {
                                    throw OctoException.notFound("Contribution", id);
                                }
                                OffsetDateTime now = time.nowUtc();
                                return step.apply(session, c, now);
                            });
                        }))
                .chain(() -> byId(reader, id));
    }

    private static Uni<Boolean> readable(Mutiny.Session session, Reader reader, UUID datanetId,
            UUID contributorId) {
        if (reader.admin() || contributorId.equals(reader.participantId())) {
            return Uni.createFrom().item(true);
        }
        return session.createNativeQuery("SELECT datanet_readable(:d, :r, :p)", Boolean.class)
                .setParameter("d", datanetId).setParameter("r", reader.participantId())
                .setParameter("p", reader.partnerId()).getSingleResult().map(Boolean.TRUE::equals);
    }

    private static Uni<Void> requireCurator(Mutiny.Session session, UUID datanetId, Reader reader) {
        return session.createNativeQuery("SELECT count(*) FROM datanet_curator WHERE datanet_id = :d "
                        + "AND participant_id = :p", Long.class)
                .setParameter("d", datanetId).setParameter("p", reader.participantId()).getSingleResult()
                .invoke(n -> {
                    if (n == 0) {
                        throw DatanetRefused.notCurator(datanetId);
                    }
                })
                .replaceWithVoid();
    }

    private static void notOwn(ContributionEntity c, Reader reader) {
        if (c.contributorId.equals(reader.participantId())) {
            throw ContributionRefused.ownContribution(c.id);
        }
    }

    private record FoundTerms(DatanetTerms terms, boolean readable) {
    }

    private Uni<FoundTerms> datanetTerms(UUID datanetId, Reader reader) {
        return pool.preparedQuery("SELECT bond, challenge_window_seconds, challenge_deposit, slash_share_bps, "
                        + "challenger_reward_bps, datanet_readable(id, $2, $3) AS readable FROM datanet WHERE id = $1")
                .execute(Rows.tuple(datanetId, reader.participantId(), reader.partnerId()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw OctoException.notFound("Datanet", datanetId);
                    }
                    Row r = rows.iterator().next();
                    return new FoundTerms(terms(r.getValue("bond"), r.getLong("challenge_window_seconds"),
                            r.getValue("challenge_deposit"), r.getInteger("slash_share_bps"),
                            r.getInteger("challenger_reward_bps")), r.getBoolean("readable"));
                });
    }

    /** The datanet's current terms, read in the submission's transaction; a GATED datanet needs access. */
    private static Uni<DatanetTerms> termsForSubmission(Mutiny.Session session, Reader reader,
            UUID datanetId) {
        return session.createNativeQuery("SELECT bond, challenge_window_seconds, challenge_deposit, slash_share_bps, "
                        + "challenger_reward_bps, datanet_readable(id, :r, :p) FROM datanet WHERE id = :d FOR SHARE",
                        Object[].class)
                .setParameter("d", datanetId).setParameter("r", reader.participantId())
                .setParameter("p", reader.partnerId()).getResultList()
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw OctoException.notFound("Datanet", datanetId);
                    }
                    Object[] r = rows.getFirst();
                    if (!Boolean.TRUE.equals(r[5])) {
                        throw ContributionRefused.noAccess(datanetId);
                    }
                    return terms(r[0], ((Number) r[1]).longValue(), r[2], ((Number) r[3]).intValue(),
                            ((Number) r[4]).intValue());
                });
    }

    private static DatanetTerms terms(Object bond, long window, Object deposit, int slashBps, int rewardBps) {
        return new DatanetTerms(TokenAmount.of(Rows.bigInteger(bond)), window,
                TokenAmount.of(Rows.bigInteger(deposit)), slashBps, rewardBps);
    }

    private static Uni<Void> requireParents(Mutiny.Session session, List<String> parents) {
        if (parents.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery("SELECT DISTINCT content_hash FROM contribution "
                        + "WHERE content_hash = ANY (CAST(:hashes AS text[]))", String.class)
                .setParameter("hashes", parents.toArray(String[]::new)).getResultList()
                .invoke(found -> {
                    List<String> missing = parents.stream().filter(p -> !found.contains(p)).toList();
                    if (!missing.isEmpty()) {
                        throw OctoException.validation("input.parentHashes",
                                "not in any datanet: " + String.join(", ", missing));
                    }
                })
                .replaceWithVoid();
    }

    private static Uni<Void> insertParents(Mutiny.Session session, UUID id, List<String> parents) {
        if (parents.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery("INSERT INTO contribution_parent (contribution_id, parent_hash) "
                        + "SELECT :id, unnest(CAST(:hashes AS text[]))")
                .setParameter("id", id).setParameter("hashes", parents.toArray(String[]::new))
                .executeUpdate().replaceWithVoid();
    }

    /** Records a step of a contribution's history; its audit line is written once the transaction commits. */
    static Uni<Void> transition(Mutiny.Session session, UUID id, ContributionState from, ContributionState to,
            UUID actor, String note, OffsetDateTime at) {
        Map<String, Object> audit = new java.util.LinkedHashMap<>();
        audit.put("contribution", id);
        audit.put("from", from == null ? "-" : from.name());
        audit.put("to", to.name());
        audit.put("actor", actor == null ? "server" : actor);
        Transactions.afterCommit(session, () -> Audit.record("contribution.moved", audit));
        return session.createNativeQuery("""
                        INSERT INTO contribution_transition (contribution_id, from_state, to_state, actor_id, note, at)
                        VALUES (:id, :from, :to, :actor, :note, :at)""")
                .setParameter("id", id).setParameter("from", from == null ? null : from.name())
                .setParameter("to", to.name()).setParameter("actor", actor).setParameter("note", note)
                .setParameter("at", at).executeUpdate().replaceWithVoid();
    }

    private Uni<List<StakeBonds.Capacity>> capacities(List<Wallet> wallets, EvmAddress named) {
        List<String> addresses = wallets.stream().map(w -> w.address().value()).toList();
        if (named != null) {
            if (!addresses.contains(named.value())) {
                throw OctoException.validation("input.wallet", "not one of your linked wallets");
            }
            addresses = List.of(named.value());
        }
        return addresses.isEmpty() ? Uni.createFrom().item(List.of()) : bonds.capacityOf(addresses);
    }

    /** The wallet with the most free stake (the first linked one on a tie). */
    private static StakeBonds.Capacity best(List<StakeBonds.Capacity> capacities) {
        StakeBonds.Capacity best = null;
        for (StakeBonds.Capacity c : capacities) {
            if (best == null || c.free().compareTo(best.free()) > 0) {
                best = c;
            }
        }
        return best;
    }

    // ------------------------------------------------------------------------------------------------ validation

    private static String sha256(String field, String value) {
        String hash = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (hash.startsWith("0x")) {
            hash = hash.substring(2);
        }
        if (!SHA256.matcher(hash).matches()) {
            throw OctoException.validation(field, "a SHA-256 digest: 64 hex digits");
        }
        return hash;
    }

    private static String storageUri(String value) {
        String uri = text("input.storageUri", value, 2048);
        try {
            URI parsed = new URI(uri);
            if (parsed.getScheme() == null || !URI_SCHEMES.contains(parsed.getScheme().toLowerCase(Locale.ROOT))) {
                throw OctoException.validation("input.storageUri", "scheme must be one of " + URI_SCHEMES);
            }
        } catch (java.net.URISyntaxException e) {
            throw OctoException.validation("input.storageUri", "not a URI");
        }
        return uri;
    }

    private static long byteSize(String value) {
        try {
            long size = Long.parseLong(value == null ? "" : value.trim());
            if (size < 1) {
                throw OctoException.validation("input.byteSize", "at least 1");
            }
            return size;
        } catch (NumberFormatException e) {
            throw OctoException.validation("input.byteSize", "a whole number of bytes as a decimal string");
        }
    }

    private static List<String> parents(List<String> given, String self) {
        if (given == null) {
            return List.of();
        }
        if (given.size() > MAX_PARENTS) {
            throw OctoException.validation("input.parentHashes", "at most " + MAX_PARENTS);
        }
        Set<String> hashes = new LinkedHashSet<>();
        for (String p : given) {
            String hash = sha256("input.parentHashes", p);
            if (hash.equals(self)) {
                throw OctoException.validation("input.parentHashes", "a contribution is not its own parent");
            }
            hashes.add(hash);
        }
        return List.copyOf(hashes);
    }

    private static String text(String field, String value, int max) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty() || text.length() > max) {
            throw OctoException.validation(field, "1 to " + max + " characters");
        }
        return text;
    }

    private static String optionalText(String field, String value, int max) {
        return value == null || value.isBlank() ? null : text(field, value, max);
    }
}
