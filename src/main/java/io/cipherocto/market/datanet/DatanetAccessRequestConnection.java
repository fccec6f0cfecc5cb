package io.cipherocto.market.datanet;

import io.cipherocto.market.core.page.Connection;
import io.cipherocto.market.core.page.Page;
import org.eclipse.microprofile.graphql.Type;

@Type("DatanetAccessRequestConnection")
public class DatanetAccessRequestConnection extends Connection<DatanetAccessRequest, DatanetAccessRequestEdge> {

    DatanetAccessRequestConnection(Page<DatanetAccessRequest> page) {
        super(page, DatanetAccessRequestEdge::new);
    }
}
