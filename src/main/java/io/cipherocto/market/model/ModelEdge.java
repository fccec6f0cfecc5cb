package io.cipherocto.market.model;

import io.cipherocto.market.core.page.Edge;
import org.eclipse.microprofile.graphql.Type;

@Type("ModelEdge")
public class ModelEdge extends Edge<Model> {

    ModelEdge(String cursor, Model node) {
        super(cursor, node);
    }
}
