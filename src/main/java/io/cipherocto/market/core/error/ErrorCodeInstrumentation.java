package io.cipherocto.market.core.error;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.language.OperationDefinition;
import io.cipherocto.market.core.cost.CostBudget;
import io.cipherocto.market.core.cost.QueryCosts;
import jakarta.enterprise.inject.Instance;
import graphql.GraphQLError;
import graphql.GraphQLContext;
import graphql.Scalars;
import graphql.execution.AbortExecutionException;
import graphql.execution.NonNullableFieldWasNullError;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.language.VariableDefinition;
import graphql.schema.CoercingParseValueException;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.parameters.InstrumentationCreateStateParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationValidationParameters;
import graphql.validation.ValidationError;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The one instrumentation of the GraphQL engine ({@link GraphQLBuildHook} installs it in place of SmallRye's chain):
 * refuses operations over the depth and complexity limits before anything runs ({@link DocumentLimits}, once per
 * cached document), holds {@code Int} variables to strict coercion, rewrites every error of every result (parse,
 * validation, limits, resolvers) through {@link ErrorMapper} so each carries {@code extensions.code}, and counts
 * operations. It has no per-field hook: a field costs the engine nothing here.
 */
@ApplicationScoped
@Unremovable // looked up by GraphQLBuildHook, which the service loader (not CDI) creates
public class ErrorCodeInstrumentation extends SimplePerformantInstrumentation {

    /** The operation's type, once execution starts (documents refused before that stay "unknown"). */
    private static final class Operation implements InstrumentationState {
        volatile String type = "unknown";
        volatile CostBudget.Reservation reservation;
    }

    private final MeterRegistry metrics;
    private final DocumentLimits limits;
    private final QueryCosts costs;
    private final Instance<CostBudget> budgets;
    private volatile CostBudget budget;
    /** SmallRye's query cache: it stores a parsed document once validation has passed. */
    private volatile Instrumentation validation;
    private volatile BatchedFields.Served batched;

    ErrorCodeInstrumentation(MeterRegistry metrics, QueryCosts costs, Instance<CostBudget> budgets,
            @ConfigProperty(name = "octo.graphql.max-depth") int maxDepth,
            @ConfigProperty(name = "octo.graphql.max-complexity") int maxComplexity,
            @ConfigProperty(name = "octo.graphql.mutation-cost") int mutationCost) {
        this.metrics = metrics;
        this.costs = costs;
        this.budgets = budgets;
        this.limits = new DocumentLimits(maxDepth, maxComplexity, mutationCost);
    }

    /** Takes over from SmallRye's chain; its query cache keeps its validation hook (see {@link GraphQLBuildHook}). */
    ErrorCodeInstrumentation replacing(Instrumentation queryCache) {
        this.validation = queryCache;
        return this;
    }

    /** Batched fields load through {@link BatchedFields} (see {@link GraphQLBuildHook}). */
    void loading(BatchedFields.Served batched) {
        this.batched = batched;
    }

    /** A request starts with no data loaders when every batched field makes its own on first use. */
    @Override
    public ExecutionInput instrumentExecutionInput(ExecutionInput input, InstrumentationExecutionParameters parameters,
            InstrumentationState state) {
        BatchedFields.Served served = batched;
        return served == null ? input : served.withLazyLoaders(input);
    }

    @Override
    public InstrumentationContext<java.util.List<ValidationError>> beginValidation(
            InstrumentationValidationParameters parameters, InstrumentationState state) {
        Instrumentation cache = validation;
        return cache == null ? super.beginValidation(parameters, state) : cache.beginValidation(parameters, state);
    }

    @Override
    public InstrumentationState createState(InstrumentationCreateStateParameters parameters) {
        return new Operation();
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
        limits.refusal(context.getDocument(), context.getOperationDefinition()).ifPresent(why -> {
            throw new AbortExecutionException(List.of(new ApiError(why,
                    List.of(context.getOperationDefinition().getSourceLocation()), null, ErrorCode.QUERY_TOO_COMPLEX,
                    Map.of())));
        });
        Map<String, Object> raw = context.getExecutionInput().getRawVariables().toMap();
        for (VariableDefinition variable : context.getOperationDefinition().getVariableDefinitions()) {
            Object value = raw.get(variable.getName());
            if (value != null && !isValidInt(variable.getType(), value)) {
                throw new AbortExecutionException(List.of(new ApiError(variable.getName() + ": not a valid Int "
                        + "(a whole number from -2^31 to 2^31-1)", List.of(variable.getSourceLocation()), null,
                        ErrorCode.VALIDATION, Map.of("field", variable.getName()))));
            }
        }
        charge(context, state);
        return super.beginExecuteOperation(parameters, state);
    }

    /**
     * Reserves the operation's requested cost from the caller's budget ({@link CostBudget}), refusing it before
     * anything runs when the budget says so. A subscription is limited by count (LiveConnections), not by cost.
     */
    private void charge(graphql.execution.ExecutionContext context, InstrumentationState state) {
        OperationDefinition operation = context.getOperationDefinition();
        CostBudget charged = budget();
        if (charged == null || operation.getOperation() == OperationDefinition.Operation.SUBSCRIPTION
                || !(state instanceof Operation op)) {
            return;
        }
        long requested = costs.model().requested(context.getGraphQLSchema(), context.getDocument(), operation,
                context.getCoercedVariables().toMap());
        try {
            op.reservation = charged.reserve(operation.getName(), requested);
        } catch (OctoException refused) {
            throw new AbortExecutionException(List.of(new ApiError(refused.getMessage(),
                    List.of(operation.getSourceLocation()), null, refused.code(), refused.details())));
        }
    }

    private CostBudget budget() {
        CostBudget found = budget;
        if (found == null && budgets.isResolvable()) {
            budget = found = budgets.get();
        }
        return found;
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
        CostBudget.Reservation reservation = state instanceof Operation operation ? operation.reservation : null;
        if (reservation != null) {
            Map<String, Object> cost = reservation.settle(costs.model().actual(result.getData(),
                    "mutation".equals(type)));
            result = result.transform(b -> b.addExtension("cost", cost));
        }
        if (result.getErrors().isEmpty()) {
            count(type, "OK");
            return CompletableFuture.completedFuture(result);
        }
        List<GraphQLError> errors = result.getErrors();
        // A null in a non-null field that follows another error (a bad argument, say) is its echo, not news.
        boolean hasCause = errors.stream().anyMatch(e -> !(e instanceof NonNullableFieldWasNullError));
        ExecutionResult answered = result;
        List<GraphQLError> mapped = errors.stream()
                .filter(e -> !(hasCause && e instanceof NonNullableFieldWasNullError))
                .map(ErrorMapper::map).toList();
        count(type, String.valueOf(mapped.getFirst().getExtensions().get("code")));
        return CompletableFuture.completedFuture(answered.transform(b -> b.errors(mapped)));
    }

    /** One operation by type (query, mutation, subscription event) and outcome (OK or its first error's code). */
    private void count(String type, String outcome) {
        metrics.counter("octo_graphql_operations", "type", type, "outcome", outcome).increment();
    }
}
