package io.cipherocto.market.job;

import io.cipherocto.market.core.error.OctoException;
import io.cipherocto.market.core.page.Page;
import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.core.scalar.Ids;
import io.cipherocto.market.datanet.DatanetReaders;
import io.cipherocto.market.identity.Caller;
import io.cipherocto.market.identity.CurrentCaller;
import io.cipherocto.market.identity.Participant;
import io.cipherocto.market.identity.ParticipantService;
import io.cipherocto.market.partner.AccessPolicy;
import io.cipherocto.market.partner.Action;
import io.quarkus.security.Authenticated;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/** GraphQL surface of compute jobs: submit, operate, finish, read the history and follow it live. */
@GraphQLApi
public class JobApi {

    private static final int MAX_LOG = 1000;

    @Inject
    CurrentCaller current;

    @Inject
    AccessPolicy policy;

    @Inject
    JobService jobs;

    @Inject
    JobFeed feed;

    @Inject
    DatanetReaders readers;

    @Inject
    ParticipantService participants;

    // ------------------------------------------------------------------------------------------------ consumer

    @Mutation
    @Authenticated
    @Description("Submits a compute job; its budget moves to your escrow in the same transaction "
            + "(INSUFFICIENT_FUNDS otherwise). QUEUED until an operator claims it or queueExpiresAt (then EXPIRED, "
            + "refunded).")
    public Uni<@NonNull Job> submitJob(@NonNull @Name("input") SubmitJobInput input) {
        Caller caller = current.caller();
        policy.require(caller, Action.SUBMIT_JOB);
        return current.participant().chain(p -> jobs.submit(p.id(), readers.readerOf(caller, p), policy.listings(Optional.of(caller)), input));
    }

    @Mutation
    @Authenticated
    @Description("Cancels your job (admins: any job). A job an operator holds pays it the metered usage (spent) "
            + "less the fee; the rest of the budget is refunded. CONFLICT ILLEGAL_JOB_TRANSITION once it ended.")
    public Uni<@NonNull Job> cancelJob(@NonNull @Id @Name("id") String id, @Name("reason") String reason) {
        Caller caller = current.caller();
        policy.requireAny(caller, Action.SUBMIT_JOB, Action.ADMINISTER);
        UUID jobId = Ids.uuid("id", id);
        return current.participant().chain(p -> jobs.cancel(p.id(), policy.allows(caller, Action.ADMINISTER), jobId,
                reason));
    }

    // ------------------------------------------------------------------------------------------------ operator

    @Mutation
    @Authenticated
    @Description("Registers you as a compute operator (or updates your registration): capacity and a linked wallet "
            + "staked at least octo.jobs.operator-minimum-stake (INSUFFICIENT_STAKE otherwise).")
    public Uni<@NonNull JobOperator> registerOperator(@NonNull @Name("input") RegisterOperatorInput input) {
        policy.require(current.caller(), Action.CLAIM_JOB);
        return current.participant().chain(p -> jobs.register(p.id(), input));
    }

    @Mutation
    @Authenticated
    @Description("Claims a queued job (by id, or the oldest your capacity fits; null when there is none): ASSIGNED "
            + "to you with a lease of octo.jobs.lease-ttl. Heartbeat before it lapses or the job is requeued and your "
            + "reputation drops; repeated lapses are slashed.")
    public Uni<Job> claimJob(@Id @Name("jobId") String jobId) {
        policy.require(current.caller(), Action.CLAIM_JOB);
        UUID id = Ids.uuid("jobId", jobId);
        return current.participant().chain(p -> jobs.claim(p.id(), id));
    }

    @Mutation
    @Authenticated
    @Description("The holding operator's heartbeat: starts or resumes the job, extends the lease, reports progress, "
            + "metered usage and log lines. BUDGET_LOW is announced once usage reaches octo.jobs.budget-low-bps of the "
            + "budget; reaching the budget stops the job (CANCELLED, BUDGET_EXHAUSTED).")
    public Uni<@NonNull Job> heartbeatJob(@NonNull @Name("input") HeartbeatInput input) {
        policy.require(current.caller(), Action.CLAIM_JOB);
        return current.participant().chain(p -> jobs.heartbeat(p.id(), input));
    }

    @Mutation
    @Authenticated
    @Description("Finishes the job you hold with an attestation signed by your registered wallet over "
            + "jobAttestationMessage(jobId, outcome, resultHash). SUCCEEDED pays you the charge less the fee and "
            + "refunds the rest; FAILED refunds everything. FORBIDDEN ATTESTATION_SIGNER_MISMATCH for another signer.")
    public Uni<@NonNull Job> completeJob(@NonNull @Name("input") CompleteJobInput input) {
        policy.require(current.caller(), Action.CLAIM_JOB);
        return current.participant().chain(p -> jobs.complete(p.id(), input));
    }

    @Query
    @Description("The exact text to sign (EIP-191 personal_sign) for completeJob.")
    public @NonNull String jobAttestationMessage(@NonNull @Id @Name("jobId") String jobId,
            @NonNull @Name("outcome") JobState outcome, @NonNull @Name("resultHash") String resultHash) {
        return JobService.attestationMessage(Ids.uuid("jobId", jobId), outcome,
                resultHash.strip().toLowerCase(java.util.Locale.ROOT));
    }

    @Query
    @Description("A registered operator, or null.")
    public Uni<JobOperator> jobOperator(@NonNull @Id @Name("participantId") String participantId) {
        return jobs.operator(Ids.uuid("participantId", participantId));
    }

    @Query
    @Authenticated
    @Description("Queued jobs your registered capacity fits, oldest first: what claimJob would take.")
    public Uni<@NonNull JobConnection> runnableJobs(@Name("first") Integer first, @Name("after") String after) {
        policy.require(current.caller(), Action.CLAIM_JOB);
        PageRequest page = PageRequest.of(first, after);
        return current.participant().chain(p -> jobs.runnable(p.id(), page)).map(JobConnection::new);
    }

    // ------------------------------------------------------------------------------------------------ reads

    @Query
    @Authenticated
    @Description("A job, if you are its consumer, its current operator or an admin; otherwise null.")
    public Uni<Job> job(@NonNull @Id @Name("id") String id) {
        UUID jobId = Ids.uuid("id", id);
        return visible(jobId).onFailure(OctoException.class).recoverWithNull();
    }

    @Query
    @Authenticated
    @Description("Your jobs, newest first: as consumer (default) or as the operator holding them.")
    public Uni<@NonNull JobConnection> myJobs(@Name("as") @DefaultValue("CONSUMER") JobRole as,
            @Name("state") JobState state, @Name("first") Integer first, @Name("after") String after) {
        PageRequest page = PageRequest.of(first, after);
        return current.participant().chain(p -> jobs.mine(p.id(), as, state, page)).map(JobConnection::new);
    }

    @Query
    @Authenticated
    @Description("A job's history, oldest first: the same events, cursors and order as jobUpdated, so a page reload "
            + "and a live feed agree (subscribe with the last cursor as `after`). NOT_FOUND unless the job is yours "
            + "(consumer, current operator) or you are an admin.")
    public Uni<@NonNull JobEventConnection> jobEvents(@NonNull @Id @Name("jobId") String jobId,
            @Name("first") Integer first, @Name("after") String after) {
        UUID id = Ids.uuid("jobId", jobId);
        PageRequest page = PageRequest.of(first, null);
        EventPosition from = after == null || after.isEmpty() ? EventPosition.ORIGIN : EventPosition.of("after", after);
        return visible(id).chain(job -> feed.history(new JobFeed.OfJob(id), from, page.fetchSize()))
                .map(events -> new JobEventConnection(Page.of(events, page, JobEvent::cursor)));
    }

    // ------------------------------------------------------------------------------------------------ live

    @Subscription
    @Authenticated
    @Description("One job's events: with `after`, every event past that cursor, then live ones; without, the job's "
            + "whole history, then live ones — in order, each once, across replicas. A cursor older than the "
            + "retention window first gets a RESYNC event. FORBIDDEN NOT_JOB_PARTY unless the job is yours (consumer, "
            + "current operator) or you are an admin. A subscriber that falls octo.jobs.subscriber-buffer events "
            + "behind ends with RATE_LIMITED SLOW_CONSUMER and `resumeAfter`.")
    public Multi<JobEvent> jobUpdated(@NonNull @Id @Name("jobId") String jobId, @Name("after") String after) {
        UUID id = Ids.uuid("jobId", jobId);
        EventPosition from = after == null || after.isEmpty() ? EventPosition.ORIGIN : EventPosition.of("after", after);
        Caller caller = current.caller();
        return current.participant().chain(p -> jobs.byId(id).invoke(job -> {
            if (job == null) {
                throw OctoException.notFound("Job", id);
            }
            if (!party(job, p, caller)) {
                throw JobRefused.notParty(id);
            }
        })).onItem().transformToMulti(job -> feed.subscribe(new JobFeed.OfJob(id), from));
    }

    @Subscription
    @Authenticated
    @Description("A feed of many jobs' events (see JobFeedScope), from now on or past `after`, with the same "
            + "guarantees as jobUpdated. OPERATOR needs a registration (OPERATOR_NOT_REGISTERED), ALL needs ADMINISTER.")
    public Multi<JobEvent> jobsUpdated(@Name("scope") @DefaultValue("CONSUMER") JobFeedScope scope,
            @Name("after") String after) {
        EventPosition from = after == null || after.isEmpty() ? null : EventPosition.of("after", after);
        Caller caller = current.caller();
        switch (scope) {
            case CONSUMER -> policy.require(caller, Action.SUBMIT_JOB);
            case OPERATOR -> policy.require(caller, Action.CLAIM_JOB);
            case ALL -> policy.require(caller, Action.ADMINISTER);
        }
        return current.participant().chain(p -> switch (scope) {
            case CONSUMER -> Uni.createFrom().<JobFeed.Scope>item(new JobFeed.OfConsumer(p.id()));
            case OPERATOR -> jobs.operator(p.id()).map(o -> {
                if (o == null) {
                    throw JobRefused.notRegistered();
                }
                return (JobFeed.Scope) new JobFeed.OfOperator(p.id(), o.gpuClass(), o.memoryGb());
            });
            case ALL -> Uni.createFrom().<JobFeed.Scope>item(new JobFeed.All());
        }).onItem().transformToMulti(s -> feed.subscribe(s, from));
    }

    // ------------------------------------------------------------------------------------------------ nested

    @Description("Who submitted it.")
    public Uni<List<@NonNull Participant>> consumer(@Source List<Job> page) {
        return participants.byIds(page.stream().map(Job::consumerId).toList());
    }

    @Description("The operator holding it (null while queued and once requeued).")
    public Uni<List<JobOperator>> operator(@Source List<Job> page) {
        return jobs.operators(page.stream().map(Job::operatorId).toList());
    }

    @Description("The last `last` log lines (default 100, at most 1000), oldest first. One statement per job.")
    public Uni<@NonNull List<@NonNull JobLogLine>> log(@Source Job job, @Name("last") @DefaultValue("100") int last) {
        if (last < 1 || last > MAX_LOG) {
            throw OctoException.validation("last", "1 to " + MAX_LOG);
        }
        return jobs.log(job.id(), last);
    }

    @Description("The job as it is now (null for RESYNC).")
    public Uni<List<Job>> job(@Source List<JobEvent> events) {
        return jobs.byIds(events.stream().map(JobEvent::jobId).toList());
    }

    // ------------------------------------------------------------------------------------------------ rules

    /** The job if the caller may see it; NOT_FOUND otherwise (missing or not theirs: the same answer). */
    private Uni<Job> visible(UUID id) {
        Caller caller = current.caller();
        return current.participant().chain(p -> jobs.byId(id).map(job -> {
            if (job == null || !party(job, p, caller)) {
                throw OctoException.notFound("Job", id);
            }
            return job;
        }));
    }

    private boolean party(Job job, Participant p, Caller caller) {
        return p.id().equals(job.consumerId()) || p.id().equals(job.operatorId())
                || policy.allows(caller, Action.ADMINISTER);
    }
}
