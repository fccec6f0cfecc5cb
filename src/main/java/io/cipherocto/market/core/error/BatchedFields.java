package io.cipherocto.market.core.error;

import graphql.ExecutionInput;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLSchema;
import io.smallrye.graphql.bootstrap.DataFetcherFactory;
import io.smallrye.graphql.execution.datafetcher.BatchDataFetcher;
import io.smallrye.graphql.execution.datafetcher.helper.BatchLoaderHelper;
import io.smallrye.graphql.schema.model.Argument;
import io.smallrye.graphql.schema.model.Operation;
import io.smallrye.graphql.schema.model.Type;
import java.util.List;
import java.util.Map;
import org.dataloader.BatchLoaderWithContext;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderRegistry;

/**
 * Batched fields ({@code @Source List<T>} resolvers) without arguments of their own, loaded the lean way:
 * <ul>
 * <li>each item goes straight to its page's data loader. SmallRye's {@code BatchDataFetcher} first builds its
 * request {@code Context} for every item — the result path as text, the sub-selection walked into JSON, a metrics
 * measurement, a Uni around the loader's future — which nothing reads: the batch loader builds that context once
 * per batch from the first item's environment, and that is all the resolvers see;</li>
 * <li>a request's data loaders are made when one of its fields first needs them. SmallRye makes one for every
 * batched field of the schema (42 here) on every request, and graphql-java dispatches each of them at every level
 * of the result (with a clock read each): ~8 % of a list's CPU samples.</li>
 * </ul>
 * The batch loaders themselves are SmallRye's (through its {@code DataFetcherFactory}, so Quarkus's request context
 * and security handling stay), made once. A batched field with arguments would keep SmallRye's fetcher (its
 * arguments need SmallRye's coercion) and SmallRye's per-request registry with it.
 */
final class BatchedFields {

    /** The schema as served, and whether every batched field was taken over (then requests need no loaders yet). */
    record Served(GraphQLSchema schema, boolean allBatchesDirect) {

        /** {@code input} with an empty registry its batched fields fill as they need, when that is safe. */
        ExecutionInput withLazyLoaders(ExecutionInput input) {
            return allBatchesDirect ? input.transform(b -> b.dataLoaderRegistry(new DataLoaderRegistry())) : input;
        }
    }

    private BatchedFields() {
    }

    static Served loadDirectly(GraphQLSchema schema) {
        DataFetcherFactory loaders = new DataFetcherFactory();
        boolean[] allDirect = {true};
        GraphQLSchema direct = SmallRyeFetchers.replace(schema, fetcher -> {
            if (!(fetcher instanceof BatchDataFetcher<?> smallrye)) {
                return null;
            }
            Operation operation = (Operation) SmallRyeFetchers.field(BatchDataFetcher.class, smallrye, "operation");
            if (!operation.getArguments().stream().allMatch(Argument::isSourceArgument)) {
                allDirect[0] = false;
                return null;
            }
            Type type = (Type) SmallRyeFetchers.field(BatchDataFetcher.class, smallrye, "type");
            return new Load(new BatchLoaderHelper().getName(operation), loaders.getSourceBatchLoader(operation, type));
        });
        return new Served(direct, allDirect[0]);
    }

    /** Queues the item on the request's loader for this field (made on first use), with what the loader reads. */
    private record Load(String name, BatchLoaderWithContext<Object, Object> loader) implements DataFetcher<Object> {
        @Override
        public Object get(DataFetchingEnvironment environment) {
            DataLoader<Object, Object> requestLoader = environment.getDataLoaderRegistry()
                    .computeIfAbsent(name, n -> DataLoaderFactory.newDataLoader(loader));
            return requestLoader.load(environment.getSource(), Map.of(BatchLoaderHelper.ARGUMENTS, List.of(),
                    BatchLoaderHelper.DATA_FETCHING_ENVIRONMENT, environment));
        }
    }
}
