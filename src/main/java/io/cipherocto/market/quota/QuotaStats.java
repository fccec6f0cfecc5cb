package io.cipherocto.market.quota;

import io.cipherocto.market.core.scalar.TokenAmount;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** What a listing (or all of a seller's listings) sold and recovered. */
@Type("QuotaStats")
@Description("Sales of quota: token counts are decimal strings; money in base units; the recovery rate in basis "
        + "points (no float).")
public record QuotaStats(
        @NonNull @Description("Tokens bought and not given back (open purchases whole, closed ones as used).")
        String sold,
        @NonNull @Description("Tokens the seller's gateway reported as delivered.") String used,
        @NonNull @Description("Tokens still on the listings.") String remaining,
        @NonNull @Description("What the seller received: released usage less the platform fee.") TokenAmount revenue,
        @NonNull @Description("Face value of the tokens listed: ceil(totalTokens × facePricePerMillion / 1,000,000) "
                + "summed over listings.") TokenAmount faceValue,
        @NonNull @Description("floor(revenue × 10000 / faceValue): 6000 = 60 % of the spend recovered.")
        int recoveryRateBps) {
}
