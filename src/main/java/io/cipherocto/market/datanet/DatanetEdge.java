package io.cipherocto.market.datanet;

import io.cipherocto.market.core.page.Edge;
import org.eclipse.microprofile.graphql.Type;

@Type("DatanetEdge")
public class DatanetEdge extends Edge<Datanet> {

    DatanetEdge(String cursor, Datanet node) {
        super(cursor, node);
    }
}
