package io.cipherocto.market.core.cost;

import graphql.language.Argument;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an operation costs, in points: <b>one point per object</b> (a value of an object type, interface or union) the
 * response contains; scalars and enums are free; each root field of a mutation adds {@code mutationCost} (it
 * writes). The <em>requested</em> cost is the most the response may contain, read from the document before anything
 * runs: a list field counts its {@code first}/{@code last} argument (variables resolved; absent: the default page
 * size) or, for a connection's {@code edges}/{@code nodes}, the page its connection asked for; any other list counts
 * {@code listEstimate} items. The <em>actual</em> cost counts the objects the response really holds. Budgets charge
 * the requested cost up front and refund the difference once the actual is known (as Shopify does).
 */
public final class CostModel {

    private final int defaultPage;
    private final int maxPage;
    private final int listEstimate;
    private final int mutationCost;

    public CostModel(int defaultPage, int maxPage, int listEstimate, int mutationCost) {
        this.defaultPage = defaultPage;
        this.maxPage = maxPage;
        this.listEstimate = listEstimate;
        this.mutationCost = mutationCost;
    }

    /** The requested cost of {@code operation} with {@code variables} (an unknown field costs nothing: validation refuses it). */
    public long requested(GraphQLSchema schema, Document document, OperationDefinition operation,
            Map<String, Object> variables) {
        Map<String, FragmentDefinition> fragments = new HashMap<>();
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
        GraphQLObjectType root = switch (operation.getOperation()) {
            case QUERY -> schema.getQueryType();
            case MUTATION -> schema.getMutationType();
            case SUBSCRIPTION -> schema.getSubscriptionType();
        };
        if (root == null) {
            return 0;
        }
        Walk walk = new Walk(schema, fragments, variables == null ? Map.of() : variables);
        long writes = operation.getOperation() == OperationDefinition.Operation.MUTATION
                ? (long) mutationCost * rootFields(operation.getSelectionSet(), fragments, new HashSet<>()) : 0;
        return writes + walk.selections(operation.getSelectionSet(), root, 1, -1, new HashSet<>());
    }

    /** The actual cost of a result: its objects, and {@code mutationCost} for each root field of a mutation. */
    public long actual(Object data, boolean mutation) {
        long objects = objects(data);
        return mutation && data instanceof Map<?, ?> roots ? objects - 1 + (long) mutationCost * roots.size()
                : data instanceof Map<?, ?> ? objects - 1 : objects;
    }

    /** Objects in a result tree (maps), the root included. */
    static long objects(Object value) {
        if (value instanceof Map<?, ?> map) {
            long n = 1;
            for (Object child : map.values()) {
                n += child instanceof Map<?, ?> || child instanceof List<?> ? objects(child) : 0;
            }
            return n;
        }
        if (value instanceof List<?> list) {
            long n = 0;
            for (Object item : list) {
                n += item instanceof Map<?, ?> || item instanceof List<?> ? objects(item) : 0;
            }
            return n;
        }
        return 0;
    }

    private static int rootFields(SelectionSet set, Map<String, FragmentDefinition> fragments, Set<String> spreading) {
        int n = 0;
        for (Selection<?> selection : set.getSelections()) {
            switch (selection) {
                case Field field -> n += field.getName().startsWith("__") ? 0 : 1;
                case InlineFragment inline -> n += rootFields(inline.getSelectionSet(), fragments, spreading);
                case FragmentSpread spread -> {
                    FragmentDefinition fragment = fragments.get(spread.getName());
                    if (fragment != null && spreading.add(spread.getName())) {
                        n += rootFields(fragment.getSelectionSet(), fragments, spreading);
                        spreading.remove(spread.getName());
                    }
                }
                default -> {
                }
            }
        }
        return n;
    }

    private final class Walk {
        private final GraphQLSchema schema;
        private final Map<String, FragmentDefinition> fragments;
        private final Map<String, Object> variables;

        Walk(GraphQLSchema schema, Map<String, FragmentDefinition> fragments, Map<String, Object> variables) {
            this.schema = schema;
            this.fragments = fragments;
            this.variables = variables;
        }

        /**
         * The objects under {@code set}, selected on {@code type}, {@code instances} times over; {@code page} is the
         * page size the enclosing field asked for (-1: none), which its {@code edges}/{@code nodes} lists take.
         */
        long selections(SelectionSet set, GraphQLNamedType type, long instances, int page, Set<String> spreading) {
            if (set == null) {
                return 0;
            }
            long total = 0;
            for (Selection<?> selection : set.getSelections()) {
                switch (selection) {
                    case Field field -> total += field(field, type, instances, page, spreading);
                    case InlineFragment inline -> {
                        GraphQLNamedType on = inline.getTypeCondition() == null ? type
                                : schema.getType(inline.getTypeCondition().getName()) instanceof GraphQLNamedType t ? t
                                : type;
                        total += selections(inline.getSelectionSet(), on, instances, page, spreading);
                    }
                    case FragmentSpread spread -> {
                        FragmentDefinition fragment = fragments.get(spread.getName());
                        if (fragment != null && spreading.add(spread.getName())) {
                            GraphQLNamedType on = schema.getType(fragment.getTypeCondition().getName())
                                    instanceof GraphQLNamedType t ? t : type;
                            total += selections(fragment.getSelectionSet(), on, instances, page, spreading);
                            spreading.remove(spread.getName());
                        }
                    }
                    default -> {
                    }
                }
            }
            return total;
        }

        private long field(Field field, GraphQLNamedType parent, long instances, int page, Set<String> spreading) {
            if (!(parent instanceof GraphQLFieldsContainer container)) {
                return 0; // a union: its fields are selected through fragments on its members
            }
            GraphQLFieldDefinition definition = container.getFieldDefinition(field.getName());
            if (definition == null) {
                return 0;
            }
            GraphQLType type = GraphQLTypeUtil.unwrapNonNull(definition.getType());
            if (!(GraphQLTypeUtil.unwrapAll(type) instanceof GraphQLCompositeType composite)) {
                return 0;
            }
            int asked = pageSize(field, definition);
            long each = GraphQLTypeUtil.isList(type)
                    ? asked >= 0 ? asked
                    : page >= 0 && (field.getName().equals("edges") || field.getName().equals("nodes")) ? page
                    : listEstimate
                    : 1;
            long objects = Math.multiplyExact(instances, each);
            return objects + selections(field.getSelectionSet(), (GraphQLNamedType) composite, objects, asked,
                    spreading);
        }

        /** The field's {@code first} or {@code last} (the default page size when it takes one but none is given). */
        private int pageSize(Field field, GraphQLFieldDefinition definition) {
            for (String name : List.of("first", "last")) {
                GraphQLArgument declared = definition.getArgument(name);
                if (declared == null) {
                    continue;
                }
                Argument given = field.getArguments().stream().filter(a -> a.getName().equals(name)).findFirst()
                        .orElse(null);
                Object value = given == null ? null : value(given.getValue());
                if (value instanceof Number n) {
                    return (int) Math.max(0, Math.min(maxPage, n.longValue()));
                }
                if (given == null && name.equals("last")) {
                    continue;
                }
                return defaultPage;
            }
            return -1;
        }

        private Object value(Value<?> value) {
            return switch (value) {
                case IntValue i -> i.getValue();
                case VariableReference v -> variables.get(v.getName());
                default -> null;
            };
        }
    }
}
