package io.cipherocto.market.partner;

import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** The partnership KPIs over one window. */
@Type("PartnerKpis")
@Description("The partnership KPIs: counts at the window's end (to), rates over the window [from, to).")
public record PartnerKpis(
        @NonNull OffsetDateTime from,
        @NonNull OffsetDateTime to,
        @NonNull @Description("One per PartnerMetric, in the seed's order.") List<@NonNull PartnerKpi> kpis) {
}
