package io.cipherocto.market.job;

import io.cipherocto.market.core.audit.Audit;
import io.cipherocto.market.core.db.Conditions;
import io.cipherocto.market.core.db.Rows;
import io.cipherocto.market.core.db.Transactions;
import io.cipherocto.market.core.error.OctoException;
import io.cipherocto.market.core.evm.PersonalSign;
import io.cipherocto.market.core.page.Keyset;
import io.cipherocto.market.core.page.Page;
import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.core.scalar.EvmAddress;
import io.cipherocto.market.core.scalar.Ids;
import io.cipherocto.market.core.scalar.TokenAmount;
import io.cipherocto.market.core.time.TimeSource;
import io.cipherocto.market.partner.ListingView;
import io.cipherocto.market.datanet.DatanetReaders;
import io.cipherocto.market.identity.ParticipantService;
import io.cipherocto.market.identity.Wallet;
import io.cipherocto.market.settlement.LedgerService;
import io.cipherocto.market.settlement.Posting;
import io.cipherocto.market.staking.StakeService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Compute jobs: submission with the budget escrowed, operators (staked, with capacity), claims under a lease,
 * heartbeats (progress, metered usage, log lines, BUDGET_LOW), attested completion, cancellation, and the deadline
 * step that moves every overdue job on. Each command is one transaction: the job row (locked), its ledger postings
 * and its events commit together. Payment rule: SUCCEEDED pays the charge; CANCELLED and EXPIRED pay the metered
 * usage if the job was held by an operator; FAILED and jobs that never ran pay nothing; the operator gets the payment
 * less the fee (floor(payment × feeBps / 10000)) and the consumer the rest of the budget.
 */
@ApplicationScoped
public class JobService {

    private static final Pattern RESULT_HASH = Pattern.compile("0x[0-9a-f]{64}");
    private static final int MAX_DATANETS = 20;
    private static final int MAX_LINES_PER_HEARTBEAT = 100;
    private static final int MAX_LINE = 2000;
    private static final int MAX_DURATION = 30 * 24 * 3600;
    private static final String HELD_COLUMNS = "id, consumer_id, operator_id, state, budget, spent, fee_bps, gpu_class, "
            + "memory_gb, max_duration_seconds, started_at, queue_expires_at, attempts, progress, budget_low_at, log_lines";
    private static final String BY_IDS = "SELECT " + Job.COLUMNS + " FROM job j WHERE j.id = ANY ($1)";
    private static final Keyset<Job> NEWEST_FIRST = Keyset.<Job>orderBy()
            .timestamp("j.created_at", Keyset.Direction.DESC, Job::createdAt).thenId("j.id", Keyset.Direction.DESC, Job::id);
    private static final Keyset<Job> OLDEST_FIRST = Keyset.<Job>orderBy()
            .timestamp("j.created_at", Keyset.Direction.ASC, Job::createdAt).thenId("j.id", Keyset.Direction.ASC, Job::id);
    private static final String MINE = "SELECT " + Job.COLUMNS + " FROM job j WHERE ";
    private static final String RUNNABLE = "SELECT " + Job.COLUMNS + " FROM job j WHERE j.state = 'QUEUED' "
            + "AND j.gpu_class = $1 AND j.memory_gb <= $2 AND j.consumer_id <> $3 AND " + Keyset.SLOT;
    private static final String OPERATORS = "SELECT " + JobOperator.COLUMNS
            + " FROM job_operator o WHERE o.participant_id = ANY ($1)";

    /** The job row as a command holds it (locked), with what commands need. */
    record Held(UUID id, UUID consumer, UUID operator, JobState state, BigInteger budget, BigInteger spent, int feeBps,
            String gpuClass, int memoryGb, int maxDurationSeconds, OffsetDateTime startedAt,
            OffsetDateTime queueExpiresAt, int attempts, int progress, OffsetDateTime budgetLowAt, int logLines) {

        static Held of(Object[] r) {
            return new Held((UUID) r[0], (UUID) r[1], (UUID) r[2], JobState.valueOf((String) r[3]),
                    Rows.bigInteger(r[4]), Rows.bigInteger(r[5]), ((Number) r[6]).intValue(), (String) r[7],
                    ((Number) r[8]).intValue(), ((Number) r[9]).intValue(), at(r[10]), at(r[11]),
                    ((Number) r[12]).intValue(), ((Number) r[13]).intValue(), at(r[14]), ((Number) r[15]).intValue());
        }

        Held in(JobState to, UUID holder) {
            return new Held(id, consumer, holder, to, budget, spent, feeBps, gpuClass, memoryGb, maxDurationSeconds,
                    startedAt, queueExpiresAt, attempts, progress, budgetLowAt, logLines);
        }
    }

    private final Pool pool;
    private final Transactions transactions;
    private final TimeSource time;
    private final JobConfig config;
    private final LedgerService ledger;
    private final StakeService stakes;
    private final ParticipantService participants;

    JobService(Pool pool, Transactions transactions, TimeSource time, JobConfig config, LedgerService ledger,
            StakeService stakes, ParticipantService participants) {
        this.pool = pool;
        this.transactions = transactions;
        this.time = time;
        this.config = config;
        this.ledger = ledger;
        this.stakes = stakes;
        this.participants = participants;
    }

    // ------------------------------------------------------------------------------------------------ submit

    /** Submits a job for {@code consumer}, its budget escrowed in the same transaction. */
    public Uni<Job> submit(UUID consumer, DatanetReaders.Reader reader, ListingView view, SubmitJobInput input) {
        UUID model = Ids.uuid("input.modelId", input.modelId());
        List<UUID> datanets = new ArrayList<>(new LinkedHashSet<>(input.datanetIds() == null ? List.<UUID>of()
                : input.datanetIds().stream().map(id -> {
                    if (id == null) {
                        throw OctoException.validation("input.datanetIds", "no null ids");
                    }
                    return Ids.uuid("input.datanetIds", id);
                }).toList()));
        switch (input.kind()) {
            case TRAINING -> requireDatanets(datanets);
            case FINE_TUNE -> {
                requireModel(model);
                requireDatanets(datanets);
            }
            case INFERENCE -> requireModel(model);
        }
        if (datanets.size() > MAX_DATANETS) {
            throw OctoException.validation("input.datanetIds", "at most " + MAX_DATANETS);
        }
        String gpu = GpuClass.normalise("input.gpuClass", input.gpuClass());
        memory("input.memoryGb", input.memoryGb());
        if (input.maxDurationSeconds() < 1 || input.maxDurationSeconds() > MAX_DURATION) {
            throw OctoException.validation("input.maxDurationSeconds", "1 s to 30 days");
        }
        BigInteger budget = input.budget() == null ? BigInteger.ZERO : input.budget().value();
        if (budget.signum() <= 0) {
            throw OctoException.validation("input.budget", "must be positive");
        }
        String key = input.idempotencyKey() == null ? null : key(input.idempotencyKey());
        String request = hash(input.kind() + "|" + model + "|" + datanets + "|" + gpu + "|" + input.memoryGb() + "|"
                + input.maxDurationSeconds() + "|" + budget);
        return readable(datanets, reader).chain(() -> model == null ? Uni.createFrom().voidItem() : modelExists(model, view))
                .chain(() -> transactions.run(session -> key == null
                        ? insert(session, consumer, input, model, datanets, gpu, budget, null, request)
                        : existing(session, consumer, key, request).chain(found -> found.isPresent()
                                ? Uni.createFrom().item(found.get())
                                : insert(session, consumer, input, model, datanets, gpu, budget, key, request))))
                .chain(this::byId);
    }

    private Uni<java.util.Optional<UUID>> existing(Mutiny.Session session, UUID consumer, String key, String request) {
        return session.createNativeQuery("SELECT CAST(pg_advisory_xact_lock(hashtextextended(:k, 0)) AS text)",
                        String.class).setParameter("k", "job-submit:" + consumer + ":" + key).getSingleResult()
                .chain(() -> session.createNativeQuery("SELECT id, request_hash FROM job WHERE consumer_id = :c "
                        + "AND idempotency_key = :k", Object[].class)
                        .setParameter("c", consumer).setParameter("k", key).getResultList())
                .map(rows -> {
                    if (rows.isEmpty()) {
                        return java.util.Optional.<UUID>empty();
                    }
                    if (!request.equals(rows.getFirst()[1])) {
                        throw JobRefused.keyReused(key);
                    }
                    return java.util.Optional.of((UUID) rows.getFirst()[0]);
                });
    }

    private Uni<UUID> insert(Mutiny.Session session, UUID consumer, SubmitJobInput input, UUID model,
            List<UUID> datanets, String gpu, BigInteger budget, String key, String request) {
        UUID id = UUID.randomUUID();
        OffsetDateTime now = time.nowUtc();
        OffsetDateTime expires = now.plus(config.queueTimeout());
        Held held = new Held(id, consumer, null, JobState.QUEUED, budget, BigInteger.ZERO, config.platformFeeBps(),
                gpu, input.memoryGb(), input.maxDurationSeconds(), null, expires, 0, 0, null, 0);
        return ledger.post(session, Posting.jobEscrowed(consumer, budget, "job-escrow:" + id))
                .chain(() -> session.createNativeQuery("""
                                INSERT INTO job (id, kind, consumer_id, model_id, datanet_ids, gpu_class, memory_gb,
                                       max_duration_seconds, budget, fee_bps, state, reason, since, deadline,
                                       queue_expires_at, idempotency_key, request_hash, created_at)
                                VALUES (:id, :kind, :consumer, CAST(:model AS uuid), CAST(:datanets AS uuid[]), :gpu,
                                       :memory, :duration, :budget, :bps, 'QUEUED', 'SUBMITTED', :now, :expires,
                                       :expires, CAST(:key AS text), CAST(:hash AS text), :now)""")
                        .setParameter("id", id).setParameter("kind", input.kind().name())
                        .setParameter("consumer", consumer).setParameter("model", model == null ? null : model.toString())
                        .setParameter("datanets", datanets.toArray(UUID[]::new))
                        .setParameter("gpu", gpu).setParameter("memory", input.memoryGb())
                        .setParameter("duration", input.maxDurationSeconds()).setParameter("budget", Rows.decimal(budget))
                        .setParameter("bps", config.platformFeeBps()).setParameter("now", now)
                        .setParameter("expires", expires).setParameter("key", key).setParameter("hash", request)
                        .executeUpdate())
                .chain(() -> JobFeed.append(session, held, JobEventKind.SUBMITTED,
                        new JsonObject().put("reason", JobReason.SUBMITTED.name()), now))
                .chain(() -> JobFeed.append(session, held, JobEventKind.PAYMENT,
                        payment(JobPayment.Kind.ESCROW, budget, consumer, JobPayment.Finality.FINAL), now))
                .invoke(() -> Transactions.afterCommit(session, () -> Audit.record("job.submitted",
                        Map.of("job", id, "consumer", consumer, "kind", input.kind(), "budget", budget))))
                .replaceWith(id);
    }

    private Uni<Void> readable(List<UUID> datanets, DatanetReaders.Reader reader) {
        if (datanets.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String sql = "SELECT count(*) FROM datanet d WHERE d.id = ANY ($1) AND "
                + DatanetReaders.datanetReadable("d.id", "$2", "$3", "$4");
        return pool.preparedQuery(sql).execute(reader.appendTo(Tuple.of(datanets.toArray(UUID[]::new))))
                .invoke(rows -> {
                    if (rows.iterator().next().getLong(0) != datanets.size()) {
                        throw OctoException.validation("input.datanetIds", "unknown datanet, or a gated one you "
                                + "may not read (requestDatanetAccess)");
                    }
                }).replaceWithVoid();
    }

    /** The model exists and the submitter sees it (an early-access model is unknown to those without access). */
    private Uni<Void> modelExists(UUID model, ListingView view) {
        return pool.preparedQuery("SELECT 1 FROM model m WHERE m.id = $1 AND "
                + ListingView.model("m", 2))
                .execute(view.append(Tuple.of(model))).invoke(rows -> {
            if (rows.size() == 0) {
                throw OctoException.validation("input.modelId", "unknown model");
            }
        }).replaceWithVoid();
    }

    private static void requireModel(UUID model) {
        if (model == null) {
            throw OctoException.validation("input.modelId", "required for this kind of job");
        }
    }

    private static void requireDatanets(List<UUID> datanets) {
        if (datanets.isEmpty()) {
            throw OctoException.validation("input.datanetIds", "required for this kind of job");
        }
    }

    private static void memory(String field, int gb) {
        if (gb < 1 || gb > 100_000) {
            throw OctoException.validation(field, "1 to 100000 GB");
        }
    }

    // ------------------------------------------------------------------------------------------------ operators

    /** Registers (or updates) the caller as an operator: a linked wallet staked at least the operator minimum. */
    public Uni<JobOperator> register(UUID participant, RegisterOperatorInput input) {
        String gpu = GpuClass.normalise("input.gpuClass", input.gpuClass());
        memory("input.memoryGb", input.memoryGb());
        String wanted = input.wallet() == null || input.wallet().isBlank() ? null
                : EvmAddress.normalize("input.wallet", input.wallet());
        return participants.walletsOf(List.of(participant)).map(List::getFirst).chain(wallets -> {
            List<String> linked = wallets.stream().map(Wallet::address).map(EvmAddress::value).toList();
            if (wanted != null && !linked.contains(wanted)) {
                throw OctoException.validation("input.wallet", "not one of your linked wallets");
            }
            return wanted != null ? stakes.requireStake(wanted, config.operatorMinimumStake())
                    : stakes.requireStakeOfAny(linked, config.operatorMinimumStake());
        }).chain(stake -> transactions.run(session -> session.createNativeQuery("""
                        INSERT INTO job_operator (participant_id, wallet, gpu_class, memory_gb, registered_at, updated_at)
                        VALUES (:p, :wallet, :gpu, :memory, :now, :now)
                        ON CONFLICT (participant_id) DO UPDATE SET wallet = EXCLUDED.wallet,
                               gpu_class = EXCLUDED.gpu_class, memory_gb = EXCLUDED.memory_gb, updated_at = EXCLUDED.updated_at""")
                .setParameter("p", participant).setParameter("wallet", stake.wallet().value()).setParameter("gpu", gpu)
                .setParameter("memory", input.memoryGb()).setParameter("now", time.nowUtc()).executeUpdate()))
                .chain(() -> operator(participant));
    }

    public Uni<JobOperator> operator(UUID participant) {
        return operators(List.of(participant)).map(List::getFirst);
    }

    /** Operators by participant id, in the order given (null where not registered). */
    public Uni<List<JobOperator>> operators(List<UUID> ids) {
        return pool.preparedQuery(OPERATORS).execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> io.cipherocto.market.core.db.Batch.toOne(ids, Rows.list(rows, JobOperator::of),
                        JobOperator::participantId));
    }

    private Uni<JobOperator> registered(UUID participant) {
        return operator(participant).invoke(o -> {
            if (o == null) {
                throw JobRefused.notRegistered();
            }
        });
    }

    // ------------------------------------------------------------------------------------------------ claim

    /**
     * Claims {@code jobId} (or, when null, the oldest queued job the operator's capacity fits; null when none):
     * ASSIGNED, with a lease of {@code octo.jobs.lease-ttl}. The operator's stake is checked again.
     */
    public Uni<Job> claim(UUID operator, UUID jobId) {
        return registered(operator)
                .call(o -> stakes.requireStake(o.wallet().value(), config.operatorMinimumStake()))
                .chain(o -> transactions.run(session -> {
                    OffsetDateTime now = time.nowUtc();
                    Uni<List<Object[]>> pick = jobId != null ? lockRows(session, jobId)
                            : session.createNativeQuery("SELECT " + HELD_COLUMNS + " FROM job WHERE state = 'QUEUED' "
                                            + "AND gpu_class = :gpu AND memory_gb <= :memory AND consumer_id <> :me "
                                            + "AND queue_expires_at > :now ORDER BY created_at, id LIMIT 1 "
                                            + "FOR NO KEY UPDATE SKIP LOCKED", Object[].class)
                                    .setParameter("gpu", o.gpuClass()).setParameter("memory", o.memoryGb())
                                    .setParameter("me", operator).setParameter("now", now).getResultList();
                    return pick.chain(rows -> {
                        if (rows.isEmpty()) {
                            if (jobId != null) {
                                throw OctoException.notFound("Job", jobId);
                            }
                            return Uni.createFrom().<UUID>nullItem();
                        }
                        Held job = Held.of(rows.getFirst());
                        if (job.state() != JobState.QUEUED) {
                            throw JobRefused.illegal(job.id(), job.state(), JobState.ASSIGNED);
                        }
                        if (!job.gpuClass().equals(o.gpuClass()) || job.memoryGb() > o.memoryGb()) {
                            throw JobRefused.capacity(job.id(), job.gpuClass(), job.memoryGb());
                        }
                        if (job.consumer().equals(operator)) {
                            throw OctoException.validation("jobId", "an operator does not run its own job");
                        }
                        Held assigned = job.in(JobState.ASSIGNED, operator);
                        return session.createNativeQuery("""
                                        UPDATE job SET state = 'ASSIGNED', reason = 'CLAIMED', operator_id = :op,
                                               attempts = attempts + 1, since = :now, deadline = :deadline, progress = 0
                                         WHERE id = :id""")
                                .setParameter("op", operator).setParameter("now", now)
                                .setParameter("deadline", now.plus(config.leaseTtl())).setParameter("id", job.id())
                                .executeUpdate()
                                .chain(() -> changed(session, assigned, JobState.QUEUED, JobReason.CLAIMED, null, now))
                                .replaceWith(job.id());
                    });
                }))
                .chain(id -> id == null ? Uni.createFrom().nullItem() : byId(id));
    }

    // ------------------------------------------------------------------------------------------------ heartbeat

    /** The holding operator's heartbeat: start/resume, lease, progress, metered usage, log lines. */
    public Uni<Job> heartbeat(UUID operator, HeartbeatInput input) {
        UUID jobId = Ids.uuid("input.jobId", input.jobId());
        if (input.progress() != null && (input.progress() < 0 || input.progress() > 100)) {
            throw OctoException.validation("input.progress", "0 to 100");
        }
        List<String> lines = input.log() == null ? List.of() : input.log();
        if (lines.size() > MAX_LINES_PER_HEARTBEAT) {
            throw OctoException.validation("input.log", "at most " + MAX_LINES_PER_HEARTBEAT + " lines per heartbeat");
        }
        if (lines.stream().anyMatch(l -> l == null || l.length() > MAX_LINE)) {
            throw OctoException.validation("input.log", "non-null lines of at most " + MAX_LINE + " characters");
        }
        return transactions.run(session -> lock(session, jobId).chain(job -> {
            requireHolder(job, operator, JobState.RUNNING);
            BigInteger spent = input.spent() == null ? job.spent() : input.spent().value();
            if (spent.compareTo(job.spent()) < 0 || spent.compareTo(job.budget()) > 0) {
                throw OctoException.validation("input.spent", "cumulative: at least " + job.spent()
                        + " (already reported) and at most the budget " + job.budget());
            }
            int progress = input.progress() == null ? job.progress() : input.progress();
            OffsetDateTime now = time.nowUtc();
            boolean starting = job.state() != JobState.RUNNING;
            OffsetDateTime started = job.startedAt() == null ? now : job.startedAt();
            OffsetDateTime lease = now.plus(config.leaseTtl());
            OffsetDateTime end = started.plusSeconds(job.maxDurationSeconds());
            boolean low = job.budgetLowAt() == null && spent.multiply(BigInteger.valueOf(10_000))
                    .compareTo(job.budget().multiply(BigInteger.valueOf(config.budgetLowBps()))) >= 0;
            Held running = new Held(job.id(), job.consumer(), operator, JobState.RUNNING, job.budget(), spent,
                    job.feeBps(), job.gpuClass(), job.memoryGb(), job.maxDurationSeconds(), started,
                    job.queueExpiresAt(), job.attempts(), progress, low ? now : job.budgetLowAt(),
                    job.logLines() + lines.size());
            Uni<Void> work = session.createNativeQuery("""
                            UPDATE job SET state = 'RUNNING', reason = COALESCE(CAST(:reason AS text), reason),
                                   since = COALESCE(CAST(:since AS timestamptz), since), deadline = :deadline,
                                   started_at = :started, heartbeat_at = :now, progress = :progress, spent = :spent,
                                   budget_low_at = CAST(:low AS timestamptz), log_lines = :lines
                             WHERE id = :id""")
                    .setParameter("reason", !starting ? null : job.state() == JobState.STALLED
                            ? JobReason.RESUMED.name() : JobReason.STARTED.name())
                    .setParameter("since", starting ? now : null)
                    .setParameter("deadline", lease.isBefore(end) ? lease : end).setParameter("started", started)
                    .setParameter("now", now).setParameter("progress", progress)
                    .setParameter("spent", Rows.decimal(spent))
                    .setParameter("low", running.budgetLowAt()).setParameter("lines", running.logLines())
                    .setParameter("id", job.id()).executeUpdate().replaceWithVoid();
            if (starting) {
                work = work.chain(() -> changed(session, running, job.state(), job.state() == JobState.STALLED
                        ? JobReason.RESUMED : JobReason.STARTED, null, now));
            }
            if (progress != job.progress() || !spent.equals(job.spent())) {
                work = work.chain(() -> JobFeed.append(session, running, JobEventKind.PROGRESS, new JsonObject()
                        .put("progress", progress).put("spent", spent.toString()), now));
            }
            if (!lines.isEmpty()) {
                work = work.chain(() -> appendLog(session, job, lines, now))
                        .chain(() -> JobFeed.append(session, running, JobEventKind.LOG,
                                new JsonObject().put("lines", new JsonArray(lines)), now));
            }
            if (low) {
                work = work.chain(() -> JobFeed.append(session, running, JobEventKind.BUDGET_LOW, new JsonObject()
                        .put("spent", spent.toString()).put("message", "metered usage reached " + spent + " of "
                                + job.budget() + "; the job stops when it reaches the budget"), now));
            }
            if (spent.equals(job.budget())) {
                work = work.chain(() -> finish(session, running, JobState.CANCELLED, JobReason.BUDGET_EXHAUSTED,
                        "metered usage reached the budget", spent, null, now));
            }
            return work;
        })).chain(() -> byId(jobId));
    }

    private Uni<Void> appendLog(Mutiny.Session session, Held job, List<String> lines, OffsetDateTime now) {
        Uni<Void> work = Uni.createFrom().voidItem();
        int n = job.logLines();
        for (String line : lines) {
            int number = ++n;
            work = work.chain(() -> session.createNativeQuery("INSERT INTO job_log (job_id, n, at, line) "
                            + "VALUES (:job, :n, :at, :line)").setParameter("job", job.id()).setParameter("n", number)
                    .setParameter("at", now).setParameter("line", line).executeUpdate().replaceWithVoid());
        }
        int last = n;
        return work.chain(() -> session.createNativeQuery("DELETE FROM job_log WHERE job_id = :job AND n <= :below")
                .setParameter("job", job.id()).setParameter("below", last - config.maxLogLines()).executeUpdate()
                .replaceWithVoid());
    }

    // ------------------------------------------------------------------------------------------------ complete

    /** The text an operator signs (EIP-191) to attest a job's outcome. */
    public static String attestationMessage(UUID jobId, JobState outcome, String resultHash) {
        return "Octo Market job attestation\njob: " + jobId + "\noutcome: " + outcome + "\nresult: " + resultHash;
    }

    /** The holding operator finishes the job with a signed attestation. */
    public Uni<Job> complete(UUID operator, CompleteJobInput input) {
        UUID jobId = Ids.uuid("input.jobId", input.jobId());
        if (input.outcome() != JobState.SUCCEEDED && input.outcome() != JobState.FAILED) {
            throw OctoException.validation("input.outcome", "SUCCEEDED or FAILED");
        }
        String result = input.resultHash() == null ? "" : input.resultHash().strip().toLowerCase(java.util.Locale.ROOT);
        if (!RESULT_HASH.matcher(result).matches()) {
            throw OctoException.validation("input.resultHash", "0x followed by 64 hex digits (SHA-256)");
        }
        if (input.message() != null && input.message().length() > MAX_LINE) {
            throw OctoException.validation("input.message", "at most " + MAX_LINE + " characters");
        }
        String signer = PersonalSign.recoverAddress(attestationMessage(jobId, input.outcome(), result),
                input.signature(), "input.signature");
        return registered(operator).chain(o -> transactions.run(session -> lock(session, jobId).chain(job -> {
            requireHolder(job, operator, input.outcome());
            if (!signer.equals(o.wallet().value())) {
                throw JobRefused.signerMismatch(jobId, signer, o.wallet().value());
            }
            BigInteger charge = BigInteger.ZERO;
            if (input.outcome() == JobState.SUCCEEDED) {
                charge = input.charge() == null ? job.spent() : input.charge().value();
                if (charge.signum() < 0 || charge.compareTo(job.budget()) > 0) {
                    throw OctoException.validation("input.charge", "0 to the budget " + job.budget());
                }
            }
            BigInteger paid = charge;
            OffsetDateTime now = time.nowUtc();
            String counter = input.outcome() == JobState.SUCCEEDED ? "completed" : "failed";
            return session.createNativeQuery("UPDATE job SET result_hash = :hash, attestation = :sig WHERE id = :id")
                    .setParameter("hash", result).setParameter("sig", input.signature()).setParameter("id", jobId)
                    .executeUpdate()
                    .chain(() -> session.createNativeQuery("UPDATE job_operator SET " + counter + " = " + counter
                                    + " + 1, updated_at = :now WHERE participant_id = :op")
                            .setParameter("now", now).setParameter("op", operator).executeUpdate())
                    .chain(() -> finish(session, job, input.outcome(), input.outcome() == JobState.SUCCEEDED
                            ? JobReason.COMPLETED : JobReason.OPERATOR_FAILED, input.message(), paid, result, now));
        }))).chain(() -> byId(jobId));
    }

    // ------------------------------------------------------------------------------------------------ cancel

    /** The consumer (or an admin) cancels: a held job pays the operator its metered usage, the rest is refunded. */
    public Uni<Job> cancel(UUID caller, boolean admin, UUID jobId, String reason) {
        if (reason != null && reason.length() > MAX_LINE) {
            throw OctoException.validation("reason", "at most " + MAX_LINE + " characters");
        }
        return transactions.run(session -> lock(session, jobId).chain(job -> {
            boolean consumer = job.consumer().equals(caller);
            if (!consumer && !admin) {
                throw OctoException.notFound("Job", jobId);
            }
            if (!job.state().canMoveTo(JobState.CANCELLED)) {
                throw JobRefused.illegal(jobId, job.state(), JobState.CANCELLED);
            }
            return finish(session, job, JobState.CANCELLED, consumer ? JobReason.CANCELLED_BY_CONSUMER
                    : JobReason.CANCELLED_BY_ADMIN, reason, job.state().held() ? job.spent() : BigInteger.ZERO, null,
                    time.nowUtc());
        })).chain(() -> byId(jobId));
    }

    // ------------------------------------------------------------------------------------------------ deadlines

    /** One batch of the deadline step: jobs whose deadline passed, each moved on. Returns how many. */
    Uni<Integer> moveOverdue(Mutiny.Session session, int batch) {
        OffsetDateTime now = time.nowUtc();
        return session.createNativeQuery("SELECT " + HELD_COLUMNS + " FROM job WHERE deadline <= :now "
                        + "ORDER BY deadline LIMIT :batch FOR NO KEY UPDATE SKIP LOCKED", Object[].class)
                .setParameter("now", now).setParameter("batch", batch).getResultList()
                .chain(rows -> {
                    Uni<Void> work = Uni.createFrom().voidItem();
                    for (Object[] row : rows) {
                        Held job = Held.of(row);
                        work = work.chain(() -> overdue(session, job, now));
                    }
                    return work.replaceWith(rows.size());
                });
    }

    private Uni<Void> overdue(Mutiny.Session session, Held job, OffsetDateTime now) {
        return switch (job.state()) {
            case QUEUED -> finish(session, job, JobState.EXPIRED, JobReason.QUEUE_TIMEOUT, null, BigInteger.ZERO,
                    null, now);
            case ASSIGNED, STALLED -> requeue(session, job, now);
            case RUNNING -> !job.startedAt().plusSeconds(job.maxDurationSeconds()).isAfter(now)
                    ? finish(session, job, JobState.EXPIRED, JobReason.MAX_DURATION, null, job.spent(), null, now)
                    : stall(session, job, now);
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> stall(Mutiny.Session session, Held job, OffsetDateTime now) {
        OffsetDateTime grace = now.plus(config.stallGrace());
        OffsetDateTime end = job.startedAt().plusSeconds(job.maxDurationSeconds());
        return session.createNativeQuery("UPDATE job SET state = 'STALLED', reason = 'HEARTBEAT_MISSED', since = :now, "
                        + "deadline = :deadline WHERE id = :id").setParameter("now", now)
                .setParameter("deadline", grace.isBefore(end) ? grace : end).setParameter("id", job.id())
                .executeUpdate()
                .chain(() -> changed(session, job.in(JobState.STALLED, job.operator()), JobState.RUNNING,
                        JobReason.HEARTBEAT_MISSED, null, now));
    }

    /**
     * The operator let its lease lapse: the job goes back to the queue (progress and metered usage reset: the
     * abandoning operator is paid nothing), or expires and is refunded when out of attempts or queue time. The
     * operator's abandonment counts against its reputation; every {@code slash-after-abandoned}-th asks for a slash.
     */
    private Uni<Void> requeue(Mutiny.Session session, Held job, OffsetDateTime now) {
        UUID lost = job.operator();
        Uni<Void> abandoned = session.createNativeQuery("UPDATE job_operator SET abandoned = abandoned + 1, "
                        + "updated_at = :now WHERE participant_id = :op RETURNING abandoned, wallet", Object[].class)
                .setParameter("now", now).setParameter("op", lost).getResultList()
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    int count = ((Number) rows.getFirst()[0]).intValue();
                    String wallet = (String) rows.getFirst()[1];
                    Transactions.afterCommit(session, () -> Audit.record("job.lease-abandoned",
                            Map.of("job", job.id(), "operator", lost, "abandoned", count)));
                    return count % config.slashAfterAbandoned() == 0
                            ? slash(session, job, lost, wallet, count, now) : Uni.createFrom().voidItem();
                });
        if (job.attempts() >= config.maxAttempts() || !job.queueExpiresAt().isAfter(now)) {
            JobReason why = job.attempts() >= config.maxAttempts() ? JobReason.TOO_MANY_ATTEMPTS
                    : JobReason.QUEUE_TIMEOUT;
            return abandoned.chain(() -> finish(session, job, JobState.EXPIRED, why,
                    "the operator's lease lapsed", BigInteger.ZERO, null, now));
        }
        // the event names the operator that lost the job, so its feed hears of it
        Held queued = new Held(job.id(), job.consumer(), lost, JobState.QUEUED, job.budget(), BigInteger.ZERO,
                job.feeBps(), job.gpuClass(), job.memoryGb(), job.maxDurationSeconds(), null, job.queueExpiresAt(),
                job.attempts(), 0, null, job.logLines());
        return abandoned.chain(() -> session.createNativeQuery("""
                                UPDATE job SET state = 'QUEUED', reason = 'LEASE_EXPIRED', operator_id = NULL,
                                       since = :now, deadline = queue_expires_at, progress = 0, spent = 0,
                                       started_at = NULL, heartbeat_at = NULL, budget_low_at = NULL
                                 WHERE id = :id""")
                        .setParameter("now", now).setParameter("id", job.id()).executeUpdate())
                .chain(() -> changed(session, queued, job.state(), JobReason.LEASE_EXPIRED, null, now));
    }

    private Uni<Void> slash(Mutiny.Session session, Held job, UUID operator, String wallet, int count,
            OffsetDateTime now) {
        BigInteger amount = config.abandonSlash();
        return stakes.requestSlash(session, wallet, amount, "job-operator:" + operator + ":abandoned:" + count)
                .chain(hash -> session.createNativeQuery("""
                                INSERT INTO job_slash (reason_hash, job_id, operator_id, wallet, amount, status, created_at)
                                VALUES (:hash, :job, :op, :wallet, :amount, 'PENDING', :now) ON CONFLICT DO NOTHING""")
                        .setParameter("hash", hash).setParameter("job", job.id()).setParameter("op", operator)
                        .setParameter("wallet", wallet).setParameter("amount", Rows.decimal(amount))
                        .setParameter("now", now).executeUpdate())
                .chain(() -> JobFeed.append(session, job, JobEventKind.PAYMENT,
                        payment(JobPayment.Kind.SLASH, amount, operator, JobPayment.Finality.PENDING), now));
    }

    // ------------------------------------------------------------------------------------------------ ending

    /**
     * Ends a job: {@code gross} (at most the budget) to the operator less the fee, the rest of the budget back to the
     * consumer, the state terminal, with its events.
     */
    private Uni<Void> finish(Mutiny.Session session, Held job, JobState to, JobReason reason, String message,
            BigInteger gross, String resultHash, OffsetDateTime now) {
        if (!job.state().canMoveTo(to)) {
            throw JobRefused.illegal(job.id(), job.state(), to);
        }
        BigInteger fee = gross.multiply(BigInteger.valueOf(job.feeBps())).divide(BigInteger.valueOf(10_000));
        BigInteger refund = job.budget().subtract(gross);
        Held ended = job.in(to, job.operator());
        Uni<Void> work = session.createNativeQuery("""
                        UPDATE job SET state = :to, reason = :reason, since = :now, deadline = NULL, finished_at = :now,
                               paid = :paid, fee = :fee, refunded = :refund WHERE id = :id""")
                .setParameter("to", to.name()).setParameter("reason", reason.name()).setParameter("now", now)
                .setParameter("paid", Rows.decimal(gross)).setParameter("fee", Rows.decimal(fee))
                .setParameter("refund", Rows.decimal(refund)).setParameter("id", job.id()).executeUpdate()
                .chain(() -> changed(session, ended, job.state(), reason, message, now));
        if (gross.signum() > 0) {
            work = work.chain(() -> ledger.post(session, Posting.jobPaid(job.consumer(), job.operator(), gross, fee,
                            "job-paid:" + job.id())))
                    .chain(() -> JobFeed.append(session, ended, JobEventKind.PAYMENT, payment(JobPayment.Kind.PAYOUT,
                            gross.subtract(fee), job.operator(), JobPayment.Finality.FINAL), now));
            if (fee.signum() > 0) {
                work = work.chain(() -> JobFeed.append(session, ended, JobEventKind.PAYMENT,
                        payment(JobPayment.Kind.FEE, fee, null, JobPayment.Finality.FINAL), now));
            }
        }
        if (refund.signum() > 0) {
            work = work.chain(() -> ledger.post(session, Posting.jobRefunded(job.consumer(), refund,
                            "job-refund:" + job.id())))
                    .chain(() -> JobFeed.append(session, ended, JobEventKind.PAYMENT, payment(JobPayment.Kind.REFUND,
                            refund, job.consumer(), JobPayment.Finality.FINAL), now));
        }
        return work.invoke(() -> Transactions.afterCommit(session, () -> Audit.record("job.ended", Map.of("job",
                job.id(), "state", to, "reason", reason, "paid", gross, "fee", fee, "refunded", refund))));
    }

    private static Uni<Void> changed(Mutiny.Session session, Held after, JobState from, JobReason reason,
            String message, OffsetDateTime now) {
        JsonObject data = new JsonObject().put("previousState", from.name()).put("reason", reason.name());
        if (message != null) {
            data.put("message", message);
        }
        return JobFeed.append(session, after, JobEventKind.STATE_CHANGED, data, now);
    }

    static JsonObject payment(JobPayment.Kind kind, BigInteger amount, UUID participant, JobPayment.Finality finality) {
        JsonObject payment = new JsonObject().put("kind", kind.name()).put("amount", amount.toString())
                .put("finality", finality.name());
        if (participant != null) {
            payment.put("participantId", participant.toString());
        }
        return new JsonObject().put("payment", payment);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static Uni<List<Object[]>> lockRows(Mutiny.Session session, UUID id) {
        // NO KEY UPDATE: does not wait for transactions that only reference the job (an event row's foreign key)
        return session.createNativeQuery("SELECT " + HELD_COLUMNS + " FROM job WHERE id = :id FOR NO KEY UPDATE",
                Object[].class).setParameter("id", id).getResultList();
    }

    static Uni<Held> lock(Mutiny.Session session, UUID id) {
        return lockRows(session, id).map(rows -> {
            if (rows.isEmpty()) {
                throw OctoException.notFound("Job", id);
            }
            return Held.of(rows.getFirst());
        });
    }

    /** The job must be held by {@code operator}; a job that ended is an illegal move to {@code to}. */
    private static void requireHolder(Held job, UUID operator, JobState to) {
        if (job.state().terminal() || job.state() == JobState.QUEUED) {
            if (job.state() == JobState.QUEUED && !operator.equals(job.operator())) {
                throw JobRefused.notOperator(job.id());
            }
            throw JobRefused.illegal(job.id(), job.state(), to);
        }
        if (!operator.equals(job.operator())) {
            throw JobRefused.notOperator(job.id());
        }
    }

    private static OffsetDateTime at(Object value) {
        return switch (value) {
            case null -> null;
            case OffsetDateTime o -> o.withOffsetSameInstant(ZoneOffset.UTC);
            case Instant i -> OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
            case java.sql.Timestamp t -> OffsetDateTime.ofInstant(t.toInstant(), ZoneOffset.UTC);
            case java.time.ZonedDateTime z -> z.toOffsetDateTime();
            default -> throw new IllegalStateException("not a timestamp: " + value.getClass());
        };
    }

    private static String key(String key) {
        String k = key.strip();
        if (k.isEmpty() || k.length() > 200) {
            throw OctoException.validation("input.idempotencyKey", "1 to 200 characters");
        }
        return k;
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------------ reads

    public Uni<Job> byId(UUID id) {
        return byIds(List.of(id)).map(List::getFirst);
    }

    /** Jobs by id, in the order given (null where missing). */
    public Uni<List<Job>> byIds(List<UUID> ids) {
        return pool.preparedQuery(BY_IDS).execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> io.cipherocto.market.core.db.Batch.toOne(ids, Rows.list(rows, Job::of), Job::id));
    }

    /** The caller's jobs as consumer or (current) operator, newest first, optionally in one state. */
    public Uni<Page<Job>> mine(UUID me, JobRole role, JobState state, PageRequest page) {
        Conditions where = Conditions.over(Tuple.of(me))
                .and(role == JobRole.OPERATOR ? "j.operator_id = $1" : "j.consumer_id = $1")
                .when(state == null ? null : state.name(), "j.state = {}");
        return NEWEST_FIRST.fetch(pool, MINE, where, page, Job::of);
    }

    /** Queued jobs an operator could claim, oldest first. */
    public Uni<Page<Job>> runnable(UUID operator, PageRequest page) {
        return registered(operator).chain(o -> OLDEST_FIRST.fetch(pool, RUNNABLE, page,
                Tuple.of(o.gpuClass(), o.memoryGb(), operator), Job::of));
    }

    /** A job's last {@code last} log lines, oldest first. */
    public Uni<List<JobLogLine>> log(UUID jobId, int last) {
        return pool.preparedQuery("SELECT n, at, line FROM (SELECT n, at, line FROM job_log WHERE job_id = $1 "
                        + "ORDER BY n DESC LIMIT $2) l ORDER BY n").execute(Tuple.of(jobId, last))
                .map(rows -> Rows.list(rows, r -> new JobLogLine(r.getInteger("n"), r.getOffsetDateTime("at"),
                        r.getString("line"))));
    }
}
