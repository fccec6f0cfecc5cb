package io.cipherocto.market.partner;

import io.cipherocto.market.core.scalar.TokenAmount;
import io.cipherocto.market.identity.PartnerTier;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/** Changes to an organisation; omitted fields stay. The stage moves only through movePartnerOrganisation. */
@Input("UpdatePartnerOrganisationInput")
public record UpdatePartnerOrganisationInput(
        @NonNull @Id String id,
        String name,
        String website,
        PartnerCategory category,
        PartnerTier tier,
        @Description("NONE leaves the programme (and drops the commitment).") EnterpriseProgramme programme,
        @Description("The commitment under the (new or current) programme; required when moving to another "
                + "programme.") TokenAmount commitment) {
}
