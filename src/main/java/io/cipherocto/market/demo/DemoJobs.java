package io.cipherocto.market.demo;

import io.cipherocto.market.core.scalar.TokenAmount;
import io.cipherocto.market.datanet.DatanetReaders;
import io.cipherocto.market.identity.Caller;
import io.cipherocto.market.identity.ParticipantService;
import io.cipherocto.market.job.CompleteJobInput;
import io.cipherocto.market.job.HeartbeatInput;
import io.cipherocto.market.job.Job;
import io.cipherocto.market.job.JobKind;
import io.cipherocto.market.job.JobService;
import io.cipherocto.market.job.JobState;
import io.cipherocto.market.job.RegisterOperatorInput;
import io.cipherocto.market.job.SubmitJobInput;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.web3j.crypto.Credentials;

/**
 * Demo compute jobs: oscar (operator) stakes from his dev wallet and registers an H100 with 80 GB; conrad (consumer)
 * submits four jobs on alice's "Octo Coder": one stays QUEUED (claim it as oscar and watch it move), one RUNNING at
 * 35 % with log lines (its lease lapses a minute after start-up: STALLED, then requeued — the deadlines at work), one
 * SUCCEEDED with a signed attestation and one CANCELLED. Idempotent: submissions carry fixed idempotency keys and each
 * step runs only from the state before it.
 */
@ApplicationScoped
class DemoJobs {

    private static final BigInteger MILLI_OCTO = BigInteger.TEN.pow(15);

    private final JobService jobs;
    private final ParticipantService participants;
    private final DemoContributions contributions;
    private final Pool pool;

    DemoJobs(JobService jobs, ParticipantService participants, DemoContributions contributions, Pool pool) {
        this.jobs = jobs;
        this.participants = participants;
        this.contributions = contributions;
        this.pool = pool;
    }

    /** Seeds the demo jobs; returns how many jobs this run submitted. */
    int seed(Map<String, Caller> callers) throws Throwable {
        UUID oscar = await(() -> participants.participantOf(callers.get("oscar"))).id();
        UUID conrad = await(() -> participants.participantOf(callers.get("conrad"))).id();
        Credentials key = DemoSeed.devKey("oscar");
        if (await(() -> jobs.operator(oscar)) == null) {
            contributions.stake(key);
            await(() -> jobs.register(oscar, new RegisterOperatorInput("H100", 80, key.getAddress())));
        }
        UUID model = coder();
        long before = demoJobs(conrad);
        submit(conrad, model, "demo-job-queued", 500);
        Job running = submit(conrad, model, "demo-job-running", 2_000);
        Job succeeded = submit(conrad, model, "demo-job-succeeded", 1_000);
        Job cancelled = submit(conrad, model, "demo-job-cancelled", 300);
        if (running.state() == JobState.QUEUED && running.attempts() == 0) {
            await(() -> jobs.claim(oscar, running.id()));
            await(() -> jobs.heartbeat(oscar, new HeartbeatInput(running.id().toString(), 35,
                    TokenAmount.of(MILLI_OCTO.multiply(BigInteger.valueOf(400))),
                    List.of("pulling weights octo-coder-2.0.0", "epoch 1/3: loss 1.92", "epoch 2/3: loss 1.41"))));
        }
        if (succeeded.state() == JobState.QUEUED && succeeded.attempts() == 0) {
            await(() -> jobs.claim(oscar, succeeded.id()));
            await(() -> jobs.heartbeat(oscar, new HeartbeatInput(succeeded.id().toString(), 100,
                    TokenAmount.of(MILLI_OCTO.multiply(BigInteger.valueOf(600))), List.of("done: 1,000 prompts"))));
            String result = "0x" + "5eed".repeat(16);
            String signature = DemoSeed.personalSign(JobService.attestationMessage(succeeded.id(), JobState.SUCCEEDED,
                    result), key);
            await(() -> jobs.complete(oscar, new CompleteJobInput(succeeded.id().toString(), JobState.SUCCEEDED,
                    result, signature, TokenAmount.of(MILLI_OCTO.multiply(BigInteger.valueOf(750))),
                    "1,000 completions in s3://demo/results.jsonl")));
        }
        if (cancelled.state() == JobState.QUEUED) {
            await(() -> jobs.cancel(conrad, false, cancelled.id(), "submitted by mistake"));
        }
        return (int) (demoJobs(conrad) - before);
    }

    private Job submit(UUID consumer, UUID model, String key, long budgetMilliOcto) throws Throwable {
        return await(() -> jobs.submit(consumer, DatanetReaders.Reader.ANONYMOUS,
                io.cipherocto.market.partner.ListingView.EVERYTHING, new SubmitJobInput(JobKind.INFERENCE,
                model.toString(), List.of(), "H100", 40, 3600,
                TokenAmount.of(MILLI_OCTO.multiply(BigInteger.valueOf(budgetMilliOcto))), key)));
    }

    private UUID coder() throws Throwable {
        return await(() -> pool.preparedQuery("SELECT id FROM model WHERE name = $1 ORDER BY created_at LIMIT 1")
                .execute(Tuple.of(DemoModels.CODER)).map(rows -> rows.iterator().next().getUUID(0)));
    }

    private long demoJobs(UUID consumer) throws Throwable {
        return await(() -> pool.preparedQuery("SELECT count(*) FROM job WHERE consumer_id = $1 "
                + "AND idempotency_key LIKE 'demo-job-%'").execute(Tuple.of(consumer))
                .map(rows -> rows.iterator().next().getLong(0)));
    }

    private static <T> T await(Supplier<Uni<T>> work) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(work);
    }
}
