package io.cipherocto.market.partner;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** One KPI: its value from the marketplace's data, beside the seed's target and measurement. */
@Type("PartnerKpi")
@Description("A partnership KPI: the value computed from the marketplace's data, with the seed's target beside it.")
public record PartnerKpi(
        @NonNull PartnerMetric metric,
        @NonNull @Description("The seed's name of the metric.") String name,
        @Description("A count (\"12\") or a ratio as a decimal string with 4 places (\"0.2500\"); null when there "
                + "is nothing to measure (a ratio over zero, or no data source).") String value,
        @Description("A ratio's numerator, exact (base units for volume); null for counts.") String numerator,
        @Description("A ratio's denominator, exact; null for counts.") String denominator,
        @NonNull @Description("The seed's target, as text.") String target,
        @NonNull @Description("The seed's measurement column.") String measurement,
        @NonNull @Description("How the value is computed here.") String definition) {
}
