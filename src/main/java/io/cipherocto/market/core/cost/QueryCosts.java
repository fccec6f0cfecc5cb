package io.cipherocto.market.core.cost;

import graphql.ExecutionInput;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.language.OperationDefinition;
import graphql.schema.GraphQLSchema;
import io.cipherocto.market.core.error.OctoException;
import io.cipherocto.market.core.page.PageRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The server's {@link CostModel} and the schema it prices against (handed over when the engine is built), for the
 * instrumentation that charges each request and for {@code queryCost}, which prices a document without running it.
 */
@ApplicationScoped
public class QueryCosts {

    /** What {@link #estimate} found: the operation priced and its requested cost. */
    public record Estimate(String operationName, String operationType, long requested) {
    }

    private final CostModel model;
    private volatile GraphQLSchema schema;

    QueryCosts(@ConfigProperty(name = "octo.graphql.max-page-size") int maxPage,
            @ConfigProperty(name = "octo.rate-limit.list-estimate", defaultValue = "10") int listEstimate,
            @ConfigProperty(name = "octo.graphql.mutation-cost") int mutationCost) {
        this.model = new CostModel(Math.min(PageRequest.DEFAULT_SIZE, maxPage), maxPage, listEstimate, mutationCost);
    }

    public CostModel model() {
        return model;
    }

    /** The served schema (set once, when SmallRye builds the engine). */
    public void schema(GraphQLSchema served) {
        this.schema = served;
    }

    /**
     * Prices {@code document} (one of its operations: {@code operationName}, or the only one) with {@code variables}
     * (a JSON object as text, or null) without running it; a document that does not parse or validate is a
     * VALIDATION error on {@code document}.
     */
    public Estimate estimate(String document, String variables, String operationName) {
        GraphQLSchema served = schema;
        if (served == null) {
            throw new IllegalStateException("the schema is not built yet");
        }
        if (document == null || document.isBlank()) {
            throw OctoException.validation("document", "empty");
        }
        Map<String, Object> values;
        try {
            values = variables == null || variables.isBlank() ? Map.of() : new JsonObject(variables).getMap();
        } catch (DecodeException | ClassCastException e) {
            throw OctoException.validation("variables", "not a JSON object");
        }
        ParseAndValidateResult parsed = ParseAndValidate.parseAndValidate(served, ExecutionInput.newExecutionInput()
                .query(document).operationName(operationName).variables(values).locale(Locale.ROOT).build());
        if (parsed.isFailure()) {
            throw OctoException.validation("document", parsed.getErrors().getFirst().getMessage());
        }
        var operations = parsed.getDocument().getDefinitionsOfType(OperationDefinition.class);
        OperationDefinition operation = operations.stream()
                .filter(o -> operationName == null ? operations.size() == 1 : operationName.equals(o.getName()))
                .findFirst().orElseThrow(() -> OctoException.validation("operationName", operationName == null
                        ? "the document has several operations: name one" : "no operation " + operationName));
        return new Estimate(operation.getName(), operation.getOperation().name(),
                model.requested(served, parsed.getDocument(), operation, values));
    }
}
