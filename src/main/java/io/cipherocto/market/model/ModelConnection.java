package io.cipherocto.market.model;

import io.cipherocto.market.core.page.Connection;
import io.cipherocto.market.core.page.Page;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Type;

/** A page of the model catalogue; remembers its filter so {@code totalCount} counts the same set. */
@Type("ModelConnection")
public class ModelConnection extends Connection<Model, ModelEdge> {

    private final ModelService.Filter filter;

    ModelConnection(Page<Model> page, ModelService.Filter filter) {
        super(page, ModelEdge::new);
        this.filter = filter;
    }

    @Ignore
    public ModelService.Filter filter() {
        return filter;
    }
}
