package io.cipherocto.market.contract;

import graphql.ExecutionInput;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLArgument;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * One request per operation of a schema, with the least a caller must send: every required argument (and, inside
 * required input objects, every required field) gets a plausible value built from its type and name — a random UUID
 * for an id, a small int, a future time for an expiry, a well-formed hash or signature — and optional ones are left
 * out. Nothing names a row that exists, so a caller allowed through the door meets the operation's own checks
 * (NOT_FOUND, VALIDATION, CONFLICT ...) and changes nothing global. {@link #OVERRIDES} pins the few values that
 * must be particular so that a refusal comes from the access check or the business rules, never from the probe.
 */
final class OperationProbes {

    /**
     * One operation of the schema and the request that calls it; {@link #variables()} makes fresh values each time
     * (new ids, slugs, keys), so every caller takes the same path through the operation.
     */
    record Probe(String type, String name, String document, Supplier<Map<String, Object>> fresh) {
        String key() {
            return type + " " + name;
        }

        Map<String, Object> variables() {
            return fresh.get();
        }
    }

    /**
     * Values by path {@code operation.argument[.field...]}: where the generic value would be refused for a reason
     * that is not about the caller, or would change shared state.
     */
    static final Map<String, Object> OVERRIDES = Map.of(
            // refused CONFLICT STALE_POLICY_VERSION after the access check; never a new policy version
            "updateAccessPolicy.expectedVersion", -1,
            // ANTHROPIC (the first value) is FORBIDDEN RESALE_DENIED whoever asks; OPENAI needs an approval
            // reference the probe leaves out, so the listing is refused VALIDATION and never created
            "createQuotaListing.input.provider", "OPENAI",
            // an attestation's outcome is SUCCEEDED or FAILED (the first JobState is not)
            "completeJob.input.outcome", "FAILED",
            // rejecting needs a reason; approving ids that do not exist is NOT_FOUND
            "decideAccessRequests.approve", true,
            "registerOperator.input.gpuClass", "A100",
            "submitJob.input.gpuClass", "A100");

    /** Optional arguments sent anyway (generated like required ones): where one of several is required. */
    static final Set<String> ALSO_SEND = Set.of("datanet.id", "grantDatanetAccess.input.participantId");

    private OperationProbes() {
    }

    /** Every query, mutation and subscription of the SDL, in the order the schema lists them. */
    static List<Probe> of(String sdl) {
        GraphQLSchema schema = UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().parse(sdl));
        List<Probe> probes = new ArrayList<>();
        add(probes, schema, "query", schema.getQueryType());
        add(probes, schema, "mutation", schema.getMutationType());
        add(probes, schema, "subscription", schema.getSubscriptionType());
        return probes;
    }

    private static void add(List<Probe> probes, GraphQLSchema schema, String type, GraphQLObjectType root) {
        if (root == null) {
            return;
        }
        for (GraphQLFieldDefinition field : root.getFieldDefinitions()) {
            Probe probe = probe(type, field);
            ParseAndValidateResult valid = ParseAndValidate.parseAndValidate(schema,
                    ExecutionInput.newExecutionInput(probe.document()).variables(probe.variables()).build());
            if (valid.isFailure()) {
                throw new IllegalStateException("the probe for " + probe.key() + " is not valid: " + valid.getErrors()
                        + "\n" + probe.document() + "\n" + probe.variables());
            }
            probes.add(probe);
        }
    }

    private static Probe probe(String type, GraphQLFieldDefinition field) {
        List<String> definitions = new ArrayList<>();
        List<String> arguments = new ArrayList<>();
        List<GraphQLArgument> sent = new ArrayList<>();
        for (GraphQLArgument argument : field.getArguments()) {
            String path = field.getName() + "." + argument.getName();
            if (!required(argument.getType(), argument.hasSetDefaultValue()) && !OVERRIDES.containsKey(path)
                    && !ALSO_SEND.contains(path)) {
                continue;
            }
            definitions.add("$" + argument.getName() + ": " + GraphQLTypeUtil.simplePrint(argument.getType()));
            arguments.add(argument.getName() + ": $" + argument.getName());
            sent.add(argument);
        }
        Supplier<Map<String, Object>> variables = () -> {
            Map<String, Object> values = new LinkedHashMap<>();
            for (GraphQLArgument argument : sent) {
                values.put(argument.getName(), value(argument.getType(), argument.getName(),
                        field.getName() + "." + argument.getName()));
            }
            return values;
        };
        GraphQLType result = GraphQLTypeUtil.unwrapAll(field.getType());
        String selection = result instanceof GraphQLScalarType || result instanceof GraphQLEnumType ? ""
                : " { __typename }";
        String document = type + " Probe" + (definitions.isEmpty() ? "" : "(" + String.join(", ", definitions) + ")")
                + " { " + field.getName() + (arguments.isEmpty() ? "" : "(" + String.join(", ", arguments) + ")")
                + selection + " }";
        return new Probe(type, field.getName(), document, variables);
    }

    private static boolean required(GraphQLInputType type, boolean hasDefault) {
        return GraphQLTypeUtil.isNonNull(type) && !hasDefault;
    }

    private static Object value(GraphQLInputType type, String name, String path) {
        if (OVERRIDES.containsKey(path)) {
            return OVERRIDES.get(path);
        }
        if (type instanceof GraphQLNonNull nonNull) {
            return value((GraphQLInputType) nonNull.getWrappedType(), name, path);
        }
        if (type instanceof GraphQLList list) {
            return List.of(value((GraphQLInputType) list.getWrappedType(), name, path));
        }
        if (type instanceof GraphQLEnumType enumType) {
            return enumType.getValues().getFirst().getName();
        }
        if (type instanceof GraphQLInputObjectType object) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (GraphQLInputObjectField field : object.getFieldDefinitions()) {
                String fieldPath = path + "." + field.getName();
                if (required(field.getType(), field.hasSetDefaultValue()) || OVERRIDES.containsKey(fieldPath)
                        || ALSO_SEND.contains(fieldPath)) {
                    fields.put(field.getName(), value(field.getType(), field.getName(), fieldPath));
                }
            }
            return fields;
        }
        return scalar(((GraphQLScalarType) type).getName(), name);
    }

    private static Object scalar(String scalar, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return switch (scalar) {
            case "ID" -> UUID.randomUUID().toString();
            case "Int" -> switch (name) {
                case "memoryGb" -> 8;
                case "maxDurationSeconds" -> 60;
                default -> 1;
            };
            case "Boolean" -> false;
            case "Float", "BigDecimal" -> 1;
            case "BigInteger", "TokenAmount" -> "1";
            case "EvmAddress" -> "0x" + hex(20);
            case "DateTime" -> lower.contains("expires")
                    ? Instant.now().plus(1, ChronoUnit.DAYS).toString()
                    : Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
            case "String" -> string(name, lower);
            default -> throw new IllegalStateException("no probe value for scalar " + scalar + " (argument " + name
                    + "): add one to OperationProbes.scalar");
        };
    }

    private static String string(String name, String lower) {
        if (lower.equals("id") || lower.equals("ids") || lower.endsWith("id") || lower.endsWith("ids")) {
            return name.equals("partnerId") ? "matrix-" + hex(4) : UUID.randomUUID().toString();
        }
        if (lower.equals("signature")) {
            return "0x" + hex(65);
        }
        if (lower.equals("resulthash")) {
            return "0x" + hex(32);
        }
        if (lower.endsWith("hash") || lower.endsWith("hashes")) {
            return hex(32);
        }
        if (lower.contains("uri") || lower.contains("url") || lower.equals("website")) {
            return "https://example.com/matrix/" + hex(4);
        }
        if (lower.equals("slug")) {
            return "matrix-" + hex(4);
        }
        if (lower.equals("version")) {
            return "1.0.0";
        }
        if (lower.equals("idempotencykey")) {
            return UUID.randomUUID().toString();
        }
        if (lower.contains("token") || lower.equals("bytesize")) {
            return "1";
        }
        return "matrix " + hex(4);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
