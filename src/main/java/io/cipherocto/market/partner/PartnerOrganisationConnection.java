package io.cipherocto.market.partner;

import io.cipherocto.market.core.page.Connection;
import io.cipherocto.market.core.page.Page;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Type;

@Type("PartnerOrganisationConnection")
public class PartnerOrganisationConnection extends Connection<PartnerOrganisation, PartnerOrganisationEdge> {

    private final PartnerOrganisationService.Filter filter;

    PartnerOrganisationConnection(Page<PartnerOrganisation> page, PartnerOrganisationService.Filter filter) {
        super(page, PartnerOrganisationEdge::new);
        this.filter = filter;
    }

    @Ignore
    public PartnerOrganisationService.Filter filter() {
        return filter;
    }
}
