package io.cipherocto.market.core.error;

import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import java.util.function.Function;

/**
 * The one walk over the data fetchers SmallRye gave the schema's object fields, for {@link PlainFields} and
 * {@link BatchedFields} to swap some of them for leaner ones; and reading what a SmallRye fetcher was built with.
 */
final class SmallRyeFetchers {

    private SmallRyeFetchers() {
    }

    /** {@code schema} with each object field's fetcher replaced by what {@code replacement} returns (null: kept). */
    static GraphQLSchema replace(GraphQLSchema schema, Function<DataFetcher<?>, DataFetcher<?>> replacement) {
        GraphQLCodeRegistry registry = schema.getCodeRegistry();
        GraphQLCodeRegistry replaced = registry.transform(codes -> {
            for (var type : schema.getAllTypesAsList()) {
                if (!(type instanceof GraphQLObjectType object) || object.getName().startsWith("__")) {
                    continue;
                }
                for (GraphQLFieldDefinition definition : object.getFieldDefinitions()) {
                    FieldCoordinates at = FieldCoordinates.coordinates(object, definition);
                    DataFetcher<?> lean = replacement.apply(registry.getDataFetcher(at, definition));
                    if (lean != null) {
                        codes.dataFetcher(at, lean);
                    }
                }
            }
        });
        return schema.transform(s -> s.codeRegistry(replaced));
    }

    /** The private field {@code name} (declared by {@code type}) of a SmallRye or graphql-java object. */
    static Object field(Class<?> type, Object fetcher, String name) {
        try {
            java.lang.reflect.Field declared = type.getDeclaredField(name);
            declared.setAccessible(true);
            return declared.get(fetcher);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + name + " of " + type.getName(), e);
        }
    }
}
