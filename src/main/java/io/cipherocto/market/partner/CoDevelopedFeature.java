package io.cipherocto.market.partner;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** A feature built and deployed jointly with a partner (seed KPI: co-developed features, "joint deployments"). */
@Type("CoDevelopedFeature")
@Description("A feature developed and deployed jointly with a partner organisation.")
public record CoDevelopedFeature(
        @NonNull @Id UUID id,
        @NonNull String title,
        @NonNull @Description("When the joint feature was deployed.") OffsetDateTime shippedAt,
        @NonNull OffsetDateTime recordedAt,
        @Ignore UUID organisationId) {
}
