package io.cipherocto.market.core.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;

import io.cipherocto.market.support.Gql;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.graphql.schema.model.Schema;
import org.junit.jupiter.api.Test;

/** Batched fields load through their own loaders, and SmallRye no longer makes 42 loaders for every request. */
@QuarkusTest
class BatchedFieldsTest {

    @Test
    void aRequestsLoadersAreOnlyTheOnesItsFieldsUse() {
        // the engine is built (and the hook has run) by the first request; a batched field still resolves
        Gql.anonymous("{ models(first: 2) { edges { node { id datanets { id } owner { id } } } } }")
                .body("errors", nullValue());

        Schema model = Arc.container().instance(Schema.class).get();
        assertThat(model.getBatchOperations())
                .as("SmallRye's per-request registry reads these: empty, it makes no loader")
                .isEmpty();
    }
}
