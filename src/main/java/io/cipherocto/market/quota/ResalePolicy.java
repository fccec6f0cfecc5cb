package io.cipherocto.market.quota;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

/** Whether this marketplace lets sellers list a provider's quota (README, "Resold AI quotas"). */
@Enum("QuotaResalePolicy")
public enum ResalePolicy {
    @Description("Listings need nothing more.") ALLOWED,
    @Description("The seller attests a provider approval reference, stored and shown to buyers.") REQUIRES_APPROVAL,
    @Description("No listings: the provider's terms forbid resale.") DENIED
}
