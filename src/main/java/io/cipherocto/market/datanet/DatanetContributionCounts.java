package io.cipherocto.market.datanet;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** How many of a datanet's contributions are in each state (GraphQL: ContributionCounts). */
@Type("ContributionCounts")
@Description("Contributions to a datanet by state; public even for GATED datanets.")
public record DatanetContributionCounts(@NonNull int pending, @NonNull int accepted, @NonNull int challenged,
        @NonNull @org.eclipse.microprofile.graphql.Name("final") int finalized, @NonNull int rejected, @NonNull int slashing, @NonNull int slashed, @NonNull int total) {
}
