package io.cipherocto.market.partner;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

/** The seed's partnership KPIs, in the seed's order. */
@Enum("PartnerMetric")
@Description("A partnership KPI of the seed's Partnership Metrics table.")
public enum PartnerMetric {
    ACTIVE_PARTNERS("Active partners", "50+ by Year 2", "Signed agreements"),
    PARTNER_REVENUE("Partner revenue", "20% of total", "Transaction volume"),
    CO_DEVELOPED_FEATURES("Co-developed features", "10+ by Year 3", "Joint deployments"),
    PARTNER_SATISFACTION("Partner satisfaction", "4.5/5", "Quarterly surveys"),
    PARTNER_RETENTION("Partner retention", "80%+", "Annual renewal rate");

    private final String title;
    private final String target;
    private final String measurement;

    PartnerMetric(String title, String target, String measurement) {
        this.title = title;
        this.target = target;
        this.measurement = measurement;
    }

    String title() {
        return title;
    }

    String target() {
        return target;
    }

    String measurement() {
        return measurement;
    }
}
