package io.cipherocto.market.partner;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/** A move in the partnership lifecycle. */
@Input("MovePartnerOrganisationInput")
public record MovePartnerOrganisationInput(
        @NonNull @Id String id,
        @NonNull PartnerStage to,
        @NonNull @Description("Why (1..1000 characters); kept in the stage history.") String reason,
        @Description("The stage the caller last saw: the move is refused (CONFLICT STALE_PARTNER_STAGE) if the "
                + "organisation has moved since.") PartnerStage expectedStage) {
}
