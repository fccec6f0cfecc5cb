package io.cipherocto.market.datanet;

import io.cipherocto.market.core.page.Connection;
import io.cipherocto.market.core.page.Page;
import org.eclipse.microprofile.graphql.Type;

@Type("DatanetChangeConnection")
public class DatanetChangeConnection extends Connection<DatanetChange, DatanetChangeEdge> {

    DatanetChangeConnection(Page<DatanetChange> page) {
        super(page, DatanetChangeEdge::new);
    }
}
