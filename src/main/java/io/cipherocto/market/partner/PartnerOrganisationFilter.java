package io.cipherocto.market.partner;

import io.cipherocto.market.identity.PartnerTier;
import org.eclipse.microprofile.graphql.Input;

/** Which organisations a page shows; every condition given must hold. */
@Input("PartnerOrganisationFilter")
public record PartnerOrganisationFilter(PartnerStage stage, PartnerCategory category, PartnerTier tier,
        EnterpriseProgramme programme) {
}
