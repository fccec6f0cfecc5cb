package io.cipherocto.market.partner;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

/** The seed's partnership categories. */
@Enum("PartnerCategory")
@Description("What kind of partner (seed: partnership categories).")
public enum PartnerCategory {
    @Description("Cloud providers, GPU manufacturers, datacenter operators.") INFRASTRUCTURE,
    @Description("AI companies, blockchain projects, tooling platforms.") TECHNOLOGY,
    @Description("Fortune 500, mid-market companies, system integrators.") ENTERPRISE,
    @Description("Developer platforms, research institutions, venture studios.") ECOSYSTEM,
    @Description("Exchanges, marketplaces, media platforms.") DISTRIBUTION
}
