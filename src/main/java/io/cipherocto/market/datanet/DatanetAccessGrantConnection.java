package io.cipherocto.market.datanet;

import io.cipherocto.market.core.page.Connection;
import io.cipherocto.market.core.page.Page;
import org.eclipse.microprofile.graphql.Type;

@Type("DatanetAccessGrantConnection")
public class DatanetAccessGrantConnection extends Connection<DatanetAccessGrant, DatanetAccessGrantEdge> {

    DatanetAccessGrantConnection(Page<DatanetAccessGrant> page) {
        super(page, DatanetAccessGrantEdge::new);
    }
}
