package io.cipherocto.market.core.error;

import graphql.TrivialDataFetcher;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLSchema;
import io.smallrye.graphql.execution.datafetcher.FieldDataFetcher;
import io.smallrye.graphql.schema.model.Field;
import io.smallrye.graphql.schema.model.Reference;
import io.smallrye.graphql.schema.model.Wrapper;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.Set;

/**
 * Plain fields — a record component or getter whose value graphql-java takes as it is: an object (or a list of
 * objects) or a String, boolean, int or UUID, with no transformation or adapter — read straight from their source.
 * SmallRye's {@code FieldDataFetcher} builds its request {@code Context} for every field it fetches (the result
 * path as text, the sub-selection walked, the arguments as JSON: ~21 % of the datanets page's CPU samples) and then
 * finds nothing to transform. Resolver methods and scalars with their own coercion keep SmallRye's fetchers
 * (batched fields: {@link BatchedFields}).
 */
final class PlainFields {

    private static final Set<String> PLAIN = Set.of("java.lang.String", "boolean", "java.lang.Boolean", "int",
            "java.lang.Integer", "java.util.UUID");

    private PlainFields() {
    }

    static GraphQLSchema readDirectly(GraphQLSchema schema) {
        return SmallRyeFetchers.replace(schema, fetcher -> fetcher instanceof FieldDataFetcher<?> smallrye
                && SmallRyeFetchers.field(FieldDataFetcher.class, smallrye, "field") instanceof Field field
                && SmallRyeFetchers.field(FieldDataFetcher.class, smallrye, "owner") instanceof Reference owner
                && isPlain(field) ? new Direct(owner.getClassName(), field) : null);
    }

    private static boolean isPlain(Field field) {
        Reference value = field.getReference();
        boolean plainValue = switch (value.getType()) {
            case TYPE, INTERFACE -> true;
            case SCALAR -> PLAIN.contains(value.getClassName());
            default -> false;
        };
        Wrapper wrapper = field.getWrapper();
        boolean plainWrapper = wrapper == null || (wrapper.isCollection() && !wrapper.hasWrapper()
                && "java.util.List".equals(wrapper.getWrapperClassName()));
        return plainValue && plainWrapper && !field.hasTransformation() && !field.isAdaptingTo()
                && !field.isAdaptingWith() && !value.isAdaptingTo() && !value.isAdaptingWith();
    }

    /** Calls the getter (or reads the public field) SmallRye would have called; resolved on first use. */
    private static final class Direct implements DataFetcher<Object>, TrivialDataFetcher<Object> {
        private final String owner;
        private final Field field;
        private volatile MethodHandle read;

        Direct(String owner, Field field) {
            this.owner = owner;
            this.field = field;
        }

        @Override
        public Object get(DataFetchingEnvironment environment) throws Exception {
            Object source = environment.getSource();
            if (source == null) {
                return null;
            }
            try {
                return handle().invoke(source);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        private MethodHandle handle() throws ReflectiveOperationException {
            MethodHandle h = read;
            if (h == null) {
                Class<?> type = Class.forName(owner, false, Thread.currentThread().getContextClassLoader());
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                if (field.getMethodName() == null) {
                    java.lang.reflect.Field property = type.getField(field.getPropertyName());
                    property.setAccessible(true);
                    h = lookup.unreflectGetter(property);
                } else {
                    Method method = type.getMethod(field.getMethodName());
                    method.setAccessible(true);
                    h = lookup.unreflect(method);
                }
                read = h = h.asType(h.type().changeParameterType(0, Object.class).changeReturnType(Object.class));
            }
            return h;
        }
    }
}
