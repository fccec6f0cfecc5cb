package io.cipherocto.market.settlement;

import io.cipherocto.market.core.page.Connection;
import io.cipherocto.market.core.page.Page;
import org.eclipse.microprofile.graphql.Type;

/** A page of an organisation's partner-sourced sales, newest first. */
@Type("PartnerRevenueShareConnection")
public class PartnerRevenueShareConnection extends Connection<PartnerRevenueShare, PartnerRevenueShareEdge> {

    PartnerRevenueShareConnection(Page<PartnerRevenueShare> page) {
        super(page, PartnerRevenueShareEdge::new);
    }
}
