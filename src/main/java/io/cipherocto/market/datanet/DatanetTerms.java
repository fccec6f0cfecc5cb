package io.cipherocto.market.datanet;

import io.cipherocto.market.core.scalar.TokenAmount;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** The economic terms of a datanet; a contribution keeps the terms it was submitted under. */
@Type("DatanetTerms")
@Description("What a submission to a datanet costs and risks. A contribution keeps the terms it was submitted under.")
public record DatanetTerms(
        @NonNull @Description("Stake bonded per submission, released unless the contribution is slashed.") TokenAmount bond,
        @NonNull @Description("Seconds after acceptance during which anyone with stake may challenge.") long challengeWindowSeconds,
        @NonNull @Description("Deposit a challenger locks; returned if upheld, paid to the contributor if dismissed.") TokenAmount challengeDeposit,
        @NonNull @Description("Share of the bond slashed for a malicious contribution, in basis points (10000 = all).") int slashShareBps,
        @NonNull @Description("Share of the slash paid to an upheld challenger, in basis points.") int challengerRewardBps) {

    /** What a malicious verdict slashes: the bond's slash share, rounded down to the base unit. */
    public TokenAmount slashAmount() {
        return TokenAmount.of(bond.value().multiply(java.math.BigInteger.valueOf(slashShareBps))
                .divide(java.math.BigInteger.valueOf(10_000)));
    }

    /** What an upheld challenger receives from a slash of {@code slashed}, rounded down. */
    public TokenAmount challengerReward(TokenAmount slashed) {
        return TokenAmount.of(slashed.value().multiply(java.math.BigInteger.valueOf(challengerRewardBps))
                .divide(java.math.BigInteger.valueOf(10_000)));
    }
}
