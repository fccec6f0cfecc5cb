package io.cipherocto.market.datanet;

import io.cipherocto.market.core.page.Edge;
import org.eclipse.microprofile.graphql.Type;

@Type("DatanetChangeEdge")
public class DatanetChangeEdge extends Edge<DatanetChange> {

    DatanetChangeEdge(String cursor, DatanetChange node) {
        super(cursor, node);
    }
}
