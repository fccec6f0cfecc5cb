package io.cipherocto.market.datanet;

import io.cipherocto.market.core.scalar.TokenAmount;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;

/** Terms an owner names; each one left out keeps its current value (on create: the server's default). */
@Input("DatanetTermsInput")
@Description("Economic terms; an omitted one keeps its current value (on create: the server default). Bounds: README, "
        + "Datanets.")
public record DatanetTermsInput(
        TokenAmount bond,
        Long challengeWindowSeconds,
        TokenAmount challengeDeposit,
        @Description("0..10000") Integer slashShareBps,
        @Description("0..10000") Integer challengerRewardBps) {
}
