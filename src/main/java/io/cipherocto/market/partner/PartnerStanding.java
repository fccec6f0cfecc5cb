package io.cipherocto.market.partner;

import io.cipherocto.market.identity.PartnerTier;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** A participant's partnership: organisation id and tier from the token, and what the policy grants the tier. */
@Type("PartnerStanding")
@Description("A participant's partnership: the organisation id and tier from the token, and what the access policy "
        + "in force grants that tier.")
public record PartnerStanding(String partnerId, @NonNull PartnerTier tier, @NonNull Entitlements entitlements) {
}
