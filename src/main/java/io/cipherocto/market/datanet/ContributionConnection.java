package io.cipherocto.market.datanet;

import io.cipherocto.market.core.page.Connection;
import io.cipherocto.market.core.page.Page;
import org.eclipse.microprofile.graphql.Type;

/** A page of contributions, newest first. */
@Type("ContributionConnection")
public class ContributionConnection extends Connection<Contribution, ContributionEdge> {

    ContributionConnection(Page<Contribution> page) {
        super(page, ContributionEdge::new);
    }
}
