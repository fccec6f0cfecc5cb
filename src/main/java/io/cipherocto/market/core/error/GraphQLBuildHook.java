package io.cipherocto.market.core.error;

import graphql.GraphQL;
import graphql.execution.instrumentation.Instrumentation;
import graphql.schema.GraphQLSchema;
import graphql.schema.visibility.DefaultGraphqlFieldVisibility;
import io.quarkus.arc.Arc;
import io.smallrye.graphql.schema.model.Schema;
import java.util.LinkedHashMap;
import io.smallrye.graphql.spi.EventingService;
import io.smallrye.graphql.spi.config.Config;

/**
 * Hooks into SmallRye GraphQL's engine build through its service-loader SPI ({@code META-INF/services}), so the
 * server needs no CDI event per field ({@code quarkus.smallrye-graphql.events.enabled} stays off: it fired observers
 * for every field and cost ~18 % of throughput). It replaces SmallRye's instrumentation chain with
 * {@link ErrorCodeInstrumentation} alone, which keeps SmallRye's query cache as its validation hook; plain fields
 * are read directly ({@link PlainFields}), batched ones go straight to their loader ({@link BatchedFields}); the
 * schema gets graphql-java's plain field visibility where the configured one is {@code default}.
 */
public class GraphQLBuildHook implements EventingService {

    @Override
    public String getConfigKey() {
        return null; // always on
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        ErrorCodeInstrumentation ours = Arc.container().instance(ErrorCodeInstrumentation.class).get();
        builder.instrumentation(ours.replacing(builderField(builder, "preparsedDocumentProvider")
                instanceof Instrumentation cache ? cache : null));
        if (builderField(builder, "graphQLSchema") instanceof GraphQLSchema schema) {
            BatchedFields.Served batched = BatchedFields.loadDirectly(PlainFields.readDirectly(schema));
            ours.loading(batched);
            if (batched.allBatchesDirect()) {
                forgetBatchOperations();
            }
            GraphQLSchema direct = batched.schema();
            GraphQLSchema served = "default".equals(Config.get().getFieldVisibility()) ? plainVisibility(direct)
                    : direct;
            builder.schema(served);
            Arc.container().instance(io.cipherocto.market.core.cost.QueryCosts.class).get().schema(served);
        }
        return builder;
    }

    /**
     * SmallRye turns the visibility {@code default} into a {@code BlockedFields} rule with the pattern "default",
     * which graphql-java matches as a regular expression against every field it resolves or validates (~2 % of
     * the read path's CPU) and which never blocks anything ("Type.field" never equals "default").
     */
    private static GraphQLSchema plainVisibility(GraphQLSchema schema) {
        return schema.transform(s -> s.codeRegistry(schema.getCodeRegistry()
                .transform(c -> c.fieldVisibility(DefaultGraphqlFieldVisibility.DEFAULT_FIELD_VISIBILITY))));
    }

    /**
     * SmallRye's {@code ExecutionService} makes a data loader for every batched field of its schema model (42) on every
     * request, for a registry {@link ErrorCodeInstrumentation} then replaces with one its fields fill as they need
     * (≈ 2 % of a list's CPU samples). Once every batched field loads directly, the model's batch operations have
     * served their purpose (the engine is built from them, and only that per-request registry reads them again).
     */
    private static void forgetBatchOperations() {
        var model = Arc.container().instance(Schema.class);
        if (model.isAvailable() && model.get().hasTypes()) {
            model.get().getTypes().values().forEach(type -> type.setBatchOperations(new LinkedHashMap<>()));
        }
    }

    /** What SmallRye set on the builder: its query cache (also the instrumentation that fills it), the schema. */
    private static Object builderField(GraphQL.Builder builder, String name) {
        return SmallRyeFetchers.field(GraphQL.Builder.class, builder, name);
    }
}
