package io.cipherocto.market.datanet;

import io.cipherocto.market.core.page.Edge;
import org.eclipse.microprofile.graphql.Type;

@Type("DatanetAccessRequestEdge")
public class DatanetAccessRequestEdge extends Edge<DatanetAccessRequest> {

    DatanetAccessRequestEdge(String cursor, DatanetAccessRequest node) {
        super(cursor, node);
    }
}
