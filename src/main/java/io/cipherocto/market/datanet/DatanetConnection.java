package io.cipherocto.market.datanet;

import io.cipherocto.market.core.page.Connection;
import io.cipherocto.market.core.page.Page;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Type;

/** A page of the datanet catalogue; remembers its filter so {@code totalCount} counts the same set. */
@Type("DatanetConnection")
public class DatanetConnection extends Connection<Datanet, DatanetEdge> {

    private final DatanetService.Filter filter;

    DatanetConnection(Page<Datanet> page, DatanetService.Filter filter) {
        super(page, DatanetEdge::new);
        this.filter = filter;
    }

    @Ignore
    public DatanetService.Filter filter() {
        return filter;
    }
}
