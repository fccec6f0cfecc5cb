package io.cipherocto.market.datanet;

import io.cipherocto.market.datanet.DatanetReaders.Reader;
import io.cipherocto.market.core.page.PageRequest;
import io.cipherocto.market.core.scalar.EvmAddress;
import io.cipherocto.market.core.scalar.Ids;
import io.cipherocto.market.identity.CurrentCaller;
import io.cipherocto.market.identity.Participant;
import io.cipherocto.market.identity.ParticipantService;
import io.cipherocto.market.partner.AccessPolicy;
import io.cipherocto.market.partner.Action;
import io.cipherocto.market.staking.StakeService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

/** GraphQL surface of contributions: quote, submit, review, challenge, lineage, and their batched nested fields. */
@GraphQLApi
public class ContributionApi {

    @Inject
    CurrentCaller current;

    @Inject
    AccessPolicy policy;

    @Inject
    ContributionService contributions;

    @Inject
    ParticipantService participants;

    @Inject
    ReputationService reputation;

    @Inject
    StakeService stakes;

    @Inject
    DatanetReaders readers;

    @Inject
    DatanetService datanets;

    @Query
    @Authenticated
    @Description("What a submission to the datanet would cost and risk for the caller: the bond, the wallet's stake "
            + "and free bond capacity, the challenge window and what a malicious verdict slashes. Nothing is held.")
    public Uni<@NonNull SubmissionQuote> submissionQuote(@NonNull @Id @Name("datanetId") String datanetId,
            @Name("wallet") EvmAddress wallet) {
        return reader().chain(r -> contributions.quote(r, Ids.uuid("datanetId", datanetId), wallet));
    }

    @Mutation
    @Authenticated
    @Description("Submits data (its hash and URI) to a datanet. Bonds the datanet's bond from a linked wallet's free "
            + "stake (INSUFFICIENT_STAKE when it does not cover it; see submissionQuote).")
    public Uni<@NonNull Contribution> submitContribution(@NonNull @Name("input") SubmitContributionInput input) {
        policy.require(current.caller(), Action.SUBMIT_CONTRIBUTION);
        return reader().chain(r -> contributions.submit(r, input));
    }

    @Mutation
    @Authenticated
    @Description("Accepts a PENDING contribution (a curator of its datanet, not its contributor); the challenge "
            + "window opens.")
    public Uni<@NonNull Contribution> acceptContribution(@NonNull @Id @Name("id") String id) {
        policy.require(current.caller(), Action.CURATE);
        return reader().chain(r -> contributions.accept(r, Ids.uuid("id", id)));
    }

    @Mutation
    @Authenticated
    @Description("Rejects a PENDING contribution. Not malicious: the bond is released and a corrected version may be "
            + "submitted. Malicious (or reason MALICIOUS): the bond's slash share is slashed on chain.")
    public Uni<@NonNull Contribution> rejectContribution(@NonNull @Id @Name("id") String id,
            @NonNull @Name("reason") RejectionReason reason, @Name("note") String note,
            @NonNull @Name("malicious") boolean malicious) {
        policy.require(current.caller(), Action.CURATE);
        return reader().chain(r -> contributions.reject(r, Ids.uuid("id", id), reason, note, malicious));
    }

    @Mutation
    @Authenticated
    @Description("Challenges an ACCEPTED contribution during its window (any participant with stake), locking the "
            + "challenge deposit of its terms from available funds.")
    public Uni<@NonNull Contribution> challengeContribution(@NonNull @Id @Name("id") String id,
            @NonNull @Name("reason") RejectionReason reason, @Name("note") String note) {
        return reader().chain(r -> contributions.challenge(r, Ids.uuid("id", id), reason, note));
    }

    @Mutation
    @Authenticated
    @Description("Resolves the open challenge (a curator other than the one who accepted). Upheld: slashed as "
            + "malicious; the challenger gets the deposit back and the reward share of the slash. Dismissed: the "
            + "deposit goes to the contributor and the contribution is FINAL.")
    public Uni<@NonNull Contribution> resolveChallenge(@NonNull @Id @Name("contributionId") String contributionId,
            @NonNull @Name("upheld") boolean upheld, @Name("note") String note) {
        policy.require(current.caller(), Action.CURATE);
        return reader().chain(r -> contributions.resolve(r, Ids.uuid("contributionId", contributionId), upheld, note));
    }

    @Query
    @Description("A contribution, if the caller may read it (GATED datanets admit only readers with access).")
    public Uni<Contribution> contribution(@NonNull @Id @Name("id") String id) {
        return reader().chain(r -> contributions.byId(r, Ids.uuid("id", id)));
    }

    @Query
    @Description("A datanet's contributions the caller may read, newest first, optionally in one state.")
    public Uni<@NonNull ContributionConnection> contributions(@NonNull @Id @Name("datanetId") String datanetId,
            @Name("state") ContributionState state, @Name("first") Integer first, @Name("after") String after) {
        PageRequest page = PageRequest.of(first, after);
        return reader().chain(r -> contributions.page(r, Ids.uuid("datanetId", datanetId), state, page)).map(ContributionConnection::new);
    }

    @Query
    @Authenticated
    @Description("The caller's own contributions, newest first.")
    public Uni<@NonNull ContributionConnection> myContributions(@Name("first") Integer first,
            @Name("after") String after) {
        PageRequest page = PageRequest.of(first, after);
        return reader().chain(r -> contributions.mine(r, page)).map(ContributionConnection::new);
    }

    @Query
    @Description("Ancestors of the contributions with this hash (what they were derived from), nearest first, up to "
            + "`depth` links (1–10, default 3); cycles are walked once.")
    public Uni<@NonNull List<@NonNull LineageEntry>> lineage(@NonNull @Name("contentHash") String contentHash,
            @Name("depth") Integer depth) {
        return reader().chain(r -> contributions.lineage(r, contentHash, depth, true));
    }

    @Query
    @Description("Descendants of the contributions with this hash (what was derived from them), nearest first.")
    public Uni<@NonNull List<@NonNull LineageEntry>> descendants(@NonNull @Name("contentHash") String contentHash,
            @Name("depth") Integer depth) {
        return reader().chain(r -> contributions.lineage(r, contentHash, depth, false));
    }

    // ------------------------------------------------------------------------------------------------ nested

    @Description("The datanet it was submitted to.")
    public Uni<List<@NonNull Datanet>> datanet(@Source List<Contribution> page) {
        return datanets.byIds(page.stream().map(Contribution::datanetId).toList());
    }

    @Description("The datanet's contributions the caller may read, newest first, optionally in one state (PENDING: the "
            + "review queue; SLASHING: slashes on their way).")
    public Uni<@NonNull ContributionConnection> contributions(@Source Datanet datanet,
            @Name("state") ContributionState state, @Name("first") Integer first, @Name("after") String after) {
        PageRequest page = PageRequest.of(first, after);
        return reader().chain(r -> contributions.page(r, datanet.id(), state, page)).map(ContributionConnection::new);
    }

    @Description("Who submitted it.")
    public Uni<List<@NonNull Participant>> contributor(@Source List<Contribution> page) {
        return participants.byIds(page.stream().map(Contribution::contributorId).toList());
    }

    @Description("The contributor's reputation in this datanet.")
    public Uni<List<@NonNull Reputation>> contributorReputation(@Source List<Contribution> page) {
        return reputation.inDatanets(page.stream().map(Contribution::contributorId).toList(),
                page.stream().map(Contribution::datanetId).toList());
    }

    @Description("Content hashes it was derived from.")
    public Uni<List<@NonNull List<@NonNull String>>> parentHashes(@Source List<Contribution> page) {
        return contributions.parentHashesOf(ids(page));
    }

    @Description("Every state it went through, oldest first.")
    public Uni<List<@NonNull List<@NonNull ContributionTransition>>> history(@Source List<Contribution> page) {
        return contributions.historyOf(ids(page));
    }

    @Description("Challenges raised against it, oldest first.")
    public Uni<List<@NonNull List<@NonNull Challenge>>> challenges(@Source List<Contribution> page) {
        return contributions.challengesOf(ids(page));
    }

    @Description("The slash on its way to the chain, for a malicious contribution (none otherwise).")
    public Uni<List<SlashProgress>> slash(@Source List<Contribution> page) {
        List<String> hashes = page.stream().map(Contribution::slashReasonHash).filter(Objects::nonNull).toList();
        if (hashes.isEmpty()) {
            return Uni.createFrom().item(page.stream().map(c -> (SlashProgress) null).toList());
        }
        return stakes.slashProgress(hashes).map(progress -> page.stream()
                .map(c -> c.slashReasonHash() == null || !progress.containsKey(c.slashReasonHash()) ? null
                        : SlashProgress.of(progress.get(c.slashReasonHash()))).toList());
    }

    @Description("Who moved it (none: the server).")
    public Uni<List<Participant>> actor(@Source List<ContributionTransition> steps) {
        return participants.byIds(steps.stream().map(ContributionTransition::actorId).toList());
    }

    @Description("Who raised the challenge.")
    public Uni<List<@NonNull Participant>> challenger(@Source List<Challenge> challenges) {
        return participants.byIds(challenges.stream().map(Challenge::challengerId).toList());
    }

    @Description("Reputation from datanet verdicts, over all datanets.")
    public Uni<List<@NonNull Reputation>> reputation(@Source List<Participant> page) {
        return reputation.overallOf(page.stream().map(Participant::id).toList());
    }

    private static List<UUID> ids(List<Contribution> page) {
        return page.stream().map(Contribution::id).toList();
    }

    /** The caller as the read rule sees them; anonymous callers read OPEN datanets only. */
    private Uni<Reader> reader() {
        return current.callerIfAny().isEmpty() ? Uni.createFrom().item(Reader.ANONYMOUS)
                : current.participant().map(p -> readers.readerOf(current.caller(), p));
    }
}
