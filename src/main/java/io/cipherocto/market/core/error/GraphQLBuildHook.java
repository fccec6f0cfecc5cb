package io.cipherocto.market.core.error;

import graphql.GraphQL;
import graphql.execution.instrumentation.Instrumentation;
import io.quarkus.arc.Arc;
import io.smallrye.graphql.spi.EventingService;

/**
 * Hooks into SmallRye GraphQL's engine build through its service-loader SPI ({@code META-INF/services}), so the
 * server needs no CDI event per field ({@code quarkus.smallrye-graphql.events.enabled} stays off: it fired observers
 * for every field and cost ~18 % of throughput). It replaces SmallRye's instrumentation chain with
 * {@link ErrorCodeInstrumentation} alone, which keeps SmallRye's query cache as its validation hook.
 */
public class GraphQLBuildHook implements EventingService {

    @Override
    public String getConfigKey() {
        return null; // always on
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        ErrorCodeInstrumentation ours = Arc.container().instance(ErrorCodeInstrumentation.class).get();
        return builder.instrumentation(ours.replacing(queryCache(builder)));
    }

    /** SmallRye sets its query cache as the document provider; it is also the instrumentation that fills it. */
    private static Instrumentation queryCache(GraphQL.Builder builder) {
        try {
            java.lang.reflect.Field field = GraphQL.Builder.class.getDeclaredField("preparsedDocumentProvider");
            field.setAccessible(true);
            return field.get(builder) instanceof Instrumentation cache ? cache : null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot find SmallRye's query cache", e);
        }
    }
}
