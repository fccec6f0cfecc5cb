package io.cipherocto.market.partner;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** One entry of an organisation's lifecycle trail: a move between stages, by whom, when and why. */
@Type("PartnerStageChange")
@Description("A move in the partnership lifecycle. The first entry of an organisation (from null) is its creation.")
public record PartnerStageChange(
        @NonNull @Id @Description("A sequence number, as a string.") String id,
        @Description("The stage it left; null for the creation.") PartnerStage from,
        @NonNull PartnerStage to,
        @NonNull String reason,
        @NonNull @Description("Business time of the move.") OffsetDateTime at,
        @Ignore long sequence,
        @Ignore UUID organisationId,
        @Ignore UUID actorId) {
}
