package io.cipherocto.market.core.error;

import graphql.ErrorType;
import graphql.ExceptionWhileDataFetching;
import graphql.GraphQLError;
import graphql.execution.AbortExecutionException;
import graphql.execution.NonNullableValueCoercedAsNullException;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.validation.ValidationError;
import graphql.validation.ValidationErrorType;
import io.cipherocto.market.core.db.ConstraintViolation;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.CompositeException;
import io.vertx.pgclient.PgException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The one place where any failure becomes an {@link ErrorCode}. Server faults are logged with an
 * error id and reach the client as INTERNAL with that id only: no class names, SQL or stack traces.
 */
public final class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);
    private static final Pattern VARIABLE = Pattern.compile("[Vv]ariable '(\\w+)'|argument '(\\w+)'");
    /** unique_violation, exclusion_violation */
    private static final Set<String> KEY_VIOLATIONS = Set.of("23505", "23P01");
    /** PostgreSQL's detail for a one-column key: {@code Key (address)=(0x...) already exists.} */
    private static final Pattern KEY_DETAIL = Pattern.compile("Key \\((\\w+)\\)=\\(([^()]{1,200})\\)");
    /** Java, SmallRye or graphql-java internals in a message from a library: not for clients. */
    private static final Pattern INTERNALS = Pattern.compile(
            "SRGQL|java\\.|jakarta\\.|io\\.(smallrye|vertx|quarkus|cipherocto)|graphql\\.|Exception|\\bclass\\b"
                    + "|[A-Z][a-z]+Value\\{");

    private ErrorMapper() {
    }

    static GraphQLError map(GraphQLError error) {
        if (error instanceof ApiError) {
            return error;
        }
        if (error instanceof ExceptionWhileDataFetching fetching) {
            return fromException(fetching, unwrap(fetching.getException()));
        }
        if (error instanceof AbortExecutionException
                || error.getErrorType() == ErrorType.ExecutionAborted) {
            return api(error, ErrorCode.QUERY_TOO_COMPLEX, error.getMessage(), Map.of());
        }
        if (error instanceof CoercingParseValueException || error instanceof NonNullableValueCoercedAsNullException
                || error instanceof CoercingParseLiteralException) {
            return invalidValue(error, error.getMessage());
        }
        if (error instanceof ValidationError validation) {
            if (validation.getValidationErrorType() == ValidationErrorType.WrongType) {
                return invalidValue(error, error.getMessage());
            }
            return api(error, ErrorCode.BAD_REQUEST, clean(error.getMessage(), "invalid document"), Map.of());
        }
        if (error.getErrorType() == ErrorType.InvalidSyntax) {
            boolean tooLong = error.getMessage() != null && error.getMessage().contains("token");
            return api(error, tooLong ? ErrorCode.QUERY_TOO_COMPLEX : ErrorCode.BAD_REQUEST, error.getMessage(),
                    Map.of());
        }
        if (error.getErrorType() == ErrorType.ValidationError) {
            return api(error, ErrorCode.BAD_REQUEST, error.getMessage(), Map.of());
        }
        return internal(error, null);
    }

    private static GraphQLError fromException(GraphQLError error, Throwable cause) {
        if (cause instanceof OctoException octo) {
            return api(error, octo.code(), octo.getMessage(), octo.details());
        }
        if (cause instanceof UnauthorizedException || cause instanceof AuthenticationException) {
            return api(error, ErrorCode.UNAUTHENTICATED, "a valid bearer token is required", Map.of());
        }
        if (cause instanceof ForbiddenException) {
            return api(error, ErrorCode.FORBIDDEN, "not allowed for this caller", Map.of());
        }
        if (cause instanceof CoercingParseValueException || cause instanceof CoercingParseLiteralException) {
            return invalidValue(error, cause.getMessage());
        }
        if (ConstraintViolation.sqlStateOf(cause).filter(KEY_VIOLATIONS::contains).isPresent()) {
            return keyViolation(error, cause);
        }
        if (poolBusy(cause)) {
            return api(error, ErrorCode.UNAVAILABLE, "the database is busy; retry shortly",
                    Map.of("dependency", "database"));
        }
        return internal(error, cause);
    }

    /** No pooled database connection came free in time (a burst of requests): a retry will do. */
    private static boolean poolBusy(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains("Timeout waiting for connection")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A write lost a race for a key: CONFLICT with the reason {@link ConstraintConflict} gives the constraint (and
     * the one-column key as an extension), plain CONFLICT for a constraint not in the table, INTERNAL for a key the
     * server makes itself.
     */
    private static GraphQLError keyViolation(GraphQLError error, Throwable cause) {
        String constraint = ConstraintViolation.nameOf(cause).orElse("");
        if (ConstraintConflict.INTERNAL_ONLY.contains(constraint)) {
            return internal(error, cause);
        }
        return ConstraintConflict.of(constraint).<GraphQLError>map(reason -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reason", reason.name());
            Matcher key = KEY_DETAIL.matcher(detailOf(cause));
            if (key.find()) {
                details.put(key.group(1), key.group(2));
            }
            return api(error, ErrorCode.CONFLICT, "conflicts with a concurrent change", details);
        }).orElseGet(() -> api(error, ErrorCode.CONFLICT, "conflicts with an existing record", Map.of()));
    }

    private static String detailOf(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof PgException pg && pg.getDetail() != null) {
                return pg.getDetail();
            }
            if (c.getMessage() != null && KEY_DETAIL.matcher(c.getMessage()).find()) {
                return c.getMessage();
            }
        }
        return "";
    }

    /** A value of the wrong type: VALIDATION naming the variable or argument, without library internals. */
    private static GraphQLError invalidValue(GraphQLError error, String message) {
        Map<String, Object> field = fieldOf(message);
        String fallback = field.isEmpty() ? "invalid value" : field.get("field") + ": invalid value for its type";
        return api(error, ErrorCode.VALIDATION, clean(message, fallback), field);
    }

    private static String clean(String message, String fallback) {
        return message == null || INTERNALS.matcher(message).find() ? fallback : message;
    }

    private static GraphQLError internal(GraphQLError error, Throwable cause) {
        String errorId = UUID.randomUUID().toString();
        if (cause != null) {
            LOG.errorf(cause, "GraphQL request failed [errorId=%s] at %s", errorId, error.getPath());
        } else {
            LOG.errorf("GraphQL request failed [errorId=%s]: %s", errorId, error.getMessage());
        }
        return api(error, ErrorCode.INTERNAL, "internal error; quote errorId " + errorId + " to the operators",
                Map.of("errorId", errorId));
    }

    private static ApiError api(GraphQLError error, ErrorCode code, String message, Map<String, Object> details) {
        return new ApiError(message, error.getLocations(), error.getPath(), code, details);
    }

    private static Map<String, Object> fieldOf(String message) {
        Matcher m = message == null ? null : VARIABLE.matcher(message);
        if (m == null || !m.find()) {
            return Map.of();
        }
        return Map.of("field", m.group(1) != null ? m.group(1) : m.group(2));
    }

    /** Peels off the wrappers that Mutiny, CompletableFuture and SmallRye put around the real failure. */
    static Throwable unwrap(Throwable t) {
        Throwable current = t;
        for (int i = 0; i < 10 && current != null; i++) {
            if (current instanceof OctoException) {
                return current;
            }
            Throwable next;
            if (current instanceof CompositeException composite) {
                next = composite.getCauses().getFirst();
            } else if (current instanceof CompletionException || current.getClass().getName()
                    .startsWith("io.smallrye.graphql.")) {
                next = current.getCause();
            } else {
                next = findOcto(current);
            }
            if (next == null || next == current) {
                return current;
            }
            current = next;
        }
        return current;
    }

    private static Throwable findOcto(Throwable t) {
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof OctoException) {
                return c;
            }
        }
        return null;
    }
}
