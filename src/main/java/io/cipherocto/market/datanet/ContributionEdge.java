package io.cipherocto.market.datanet;

import io.cipherocto.market.core.page.Edge;
import org.eclipse.microprofile.graphql.Type;

@Type("ContributionEdge")
public class ContributionEdge extends Edge<Contribution> {

    ContributionEdge(String cursor, Contribution node) {
        super(cursor, node);
    }
}
