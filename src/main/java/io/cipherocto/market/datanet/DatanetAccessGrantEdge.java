package io.cipherocto.market.datanet;

import io.cipherocto.market.core.page.Edge;
import org.eclipse.microprofile.graphql.Type;

@Type("DatanetAccessGrantEdge")
public class DatanetAccessGrantEdge extends Edge<DatanetAccessGrant> {

    DatanetAccessGrantEdge(String cursor, DatanetAccessGrant node) {
        super(cursor, node);
    }
}
