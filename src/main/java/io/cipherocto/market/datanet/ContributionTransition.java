package io.cipherocto.market.datanet;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** One step of a contribution's history. */
@Type("ContributionTransition")
@Description("One step in a contribution's history: from which state to which, who moved it (none: the server, "
        + "e.g. the challenge window closed or the chain confirmed a slash), when, and why.")
public record ContributionTransition(
        @Ignore UUID contributionId,
        @Description("None for the submission itself.") ContributionState from,
        @NonNull ContributionState to,
        @Ignore UUID actorId,
        String note,
        @NonNull OffsetDateTime at) {
}
