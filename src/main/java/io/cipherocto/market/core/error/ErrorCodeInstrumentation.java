package io.cipherocto.market.core.error;

import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.GraphQLContext;
import graphql.Scalars;
import graphql.execution.AbortExecutionException;
import graphql.execution.NonNullableFieldWasNullError;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.VariableDefinition;
import graphql.schema.CoercingParseValueException;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Rewrites every error of every result (parse, validation, limits, resolvers) through
 * {@link ErrorMapper}, so each one carries {@code extensions.code}.
 */
@ApplicationScoped
public class ErrorCodeInstrumentation extends SimplePerformantInstrumentation {

    /** The operation's type, once execution starts (documents refused before that stay "unknown"). */
    private static final class Operation implements InstrumentationState {
        volatile String type = "unknown";
    }

    private final MeterRegistry metrics;
    private final Instrumentation complexity;

    ErrorCodeInstrumentation(MeterRegistry metrics,
            @ConfigProperty(name = "octo.graphql.max-complexity") int maxComplexity,
            @ConfigProperty(name = "octo.graphql.mutation-cost") int mutationCost) {
        this.metrics = metrics;
        // Every selected field costs 1; a mutation's root field (a write: rows, postings, maybe a chain
        // transaction) costs mutationCost, so a document cannot batch dozens of writes under the read budget.
        this.complexity = new MaxQueryComplexityInstrumentation(maxComplexity, (env, children) ->
                children + ("Mutation".equals(env.getParentType().getName()) ? mutationCost : 1));
    }

    @Override
    public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
        return new Operation();
    }

    /**
     * SmallRye fires the builder as a CDI event just before building; its own instrumentations (depth, query
     * cache) are already set, so they are kept and chained before the complexity limit and ours.
     */
    void install(@Observes GraphQL.Builder builder) {
        Instrumentation existing = currentInstrumentation(builder);
        builder.instrumentation(new ChainedInstrumentation(existing == null ? List.of(complexity, this)
                : List.of(existing, complexity, this)));
    }

    /**
     * SmallRye's {@code Int} accepts any JSON number as a variable and fails later, inside the resolver, without
     * naming the variable ({@code 1.5}, {@code 99999999999}). Variables declared {@code Int} are held to
     * graphql-java's strict coercion here, before anything runs, and refused as VALIDATION naming the variable.
     */
    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
        var context = parameters.getExecutionContext();
        if (state instanceof Operation operation) {
            operation.type = context.getOperationDefinition().getOperation().name().toLowerCase(Locale.ROOT);
        }
        Map<String, Object> raw = context.getExecutionInput().getRawVariables().toMap();
        for (VariableDefinition variable : context.getOperationDefinition().getVariableDefinitions()) {
            Object value = raw.get(variable.getName());
            if (value != null && !isValidInt(variable.getType(), value)) {
                throw new AbortExecutionException(List.of(new ApiError(variable.getName() + ": not a valid Int "
                        + "(a whole number from -2^31 to 2^31-1)", List.of(variable.getSourceLocation()), null,
                        ErrorCode.VALIDATION, Map.of("field", variable.getName()))));
            }
        }
        return super.beginExecuteOperation(parameters, state);
    }

    /** False only when {@code type} is (a list of) Int and {@code value} is not one; other types pass. */
    private static boolean isValidInt(Type<?> type, Object value) {
        if (type instanceof NonNullType nonNull) {
            return isValidInt(nonNull.getType(), value);
        }
        if (type instanceof ListType list) {
            return !(value instanceof List<?> items)
                    || items.stream().allMatch(item -> item == null || isValidInt(list.getType(), item));
        }
        if (type instanceof TypeName name && name.getName().equals(Scalars.GraphQLInt.getName())) {
            try {
                Scalars.GraphQLInt.getCoercing().parseValue(value, GraphQLContext.getDefault(), Locale.ROOT);
            } catch (CoercingParseValueException e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        String type = state instanceof Operation operation ? operation.type : "unknown";
        if (result.getErrors().isEmpty()) {
            count(type, "OK");
            return CompletableFuture.completedFuture(result);
        }
        List<GraphQLError> errors = result.getErrors();
        // A null in a non-null field that follows another error (a bad argument, say) is its echo, not news.
        boolean hasCause = errors.stream().anyMatch(e -> !(e instanceof NonNullableFieldWasNullError));
        List<GraphQLError> mapped = errors.stream()
                .filter(e -> !(hasCause && e instanceof NonNullableFieldWasNullError))
                .map(ErrorMapper::map).toList();
        count(type, String.valueOf(mapped.getFirst().getExtensions().get("code")));
        return CompletableFuture.completedFuture(result.transform(b -> b.errors(mapped)));
    }

    /** One operation by type (query, mutation, subscription event) and outcome (OK or its first error's code). */
    private void count(String type, String outcome) {
        metrics.counter("octo_graphql_operations", "type", type, "outcome", outcome).increment();
    }

    private static Instrumentation currentInstrumentation(GraphQL.Builder builder) {
        try {
            Field field = GraphQL.Builder.class.getDeclaredField("instrumentation");
            field.setAccessible(true);
            return (Instrumentation) field.get(builder);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot chain the error-code instrumentation", e);
        }
    }
}
