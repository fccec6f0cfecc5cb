package io.cipherocto.market.partner;

import io.cipherocto.market.core.scalar.TokenAmount;
import io.cipherocto.market.identity.PartnerTier;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/** A new partner organisation; it starts in IDENTIFICATION. */
@Input("CreatePartnerOrganisationInput")
public record CreatePartnerOrganisationInput(
        @NonNull @Description("The token claim partner_id of its members: letters, digits and ._- (1..64, starting "
                + "with a letter or digit); unique, fixed once created.") String partnerId,
        @NonNull @Description("1..200 characters.") String name,
        @NonNull @Description("An http or https URL with a host, at most 2000 characters.") String website,
        @NonNull PartnerCategory category,
        @NonNull PartnerTier tier,
        @Description("Defaults to NONE.") EnterpriseProgramme programme,
        @Description("Required with a programme (at least its minimum, see README), refused without one.")
        TokenAmount commitment) {
}
