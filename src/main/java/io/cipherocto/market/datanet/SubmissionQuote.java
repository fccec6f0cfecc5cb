package io.cipherocto.market.datanet;

import io.cipherocto.market.core.scalar.EvmAddress;
import io.cipherocto.market.core.scalar.TokenAmount;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** What a submission would cost and risk, before anyone commits. */
@Type("SubmissionQuote")
@Description("What submitting to a datanet costs and risks, read before committing: nothing is held by asking.")
public record SubmissionQuote(
        @NonNull @Description("The datanet's current terms (a submission keeps them).") DatanetTerms terms,
        @Description("The wallet that would back the bond (the linked wallet with the most free stake); none if no "
                + "wallet is linked.") EvmAddress wallet,
        @NonNull @Description("The wallet's staked amount as mirrored from the chain.") TokenAmount staked,
        @NonNull @Description("Stake the wallet already backs as bonds.") TokenAmount bonded,
        @NonNull @Description("Stake still free to bond (staked minus bonded).") TokenAmount freeBondCapacity,
        @NonNull @Description("What a malicious verdict slashes from the stake.") TokenAmount slashedIfMalicious,
        @NonNull @Description("Whether the free stake covers the bond now.") boolean covered,
        @NonNull @Description("Stake still to add before a submission is covered (zero when covered).") TokenAmount shortfall,
        @NonNull @Description("Whether the caller may submit here (GATED datanets need access).") boolean hasAccess) {
}
