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
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.CompositeException;
import io.vertx.pgclient.PgException;
import java.util.Map;
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
    private static final Pattern VARIABLE = Pattern.compile("[Vv]ariable '(\\w+)'");
    private static final String UNIQUE_VIOLATION = "23505";

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
            return api(error, ErrorCode.VALIDATION, error.getMessage(), fieldOf(error.getMessage()));
        }
        if (error instanceof ValidationError validation) {
            ErrorCode code = validation.getValidationErrorType() == ValidationErrorType.WrongType
                    ? ErrorCode.VALIDATION : ErrorCode.BAD_REQUEST;
            return api(error, code, error.getMessage(), Map.of());
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
        if (isUniqueViolation(cause)) {
            return api(error, ErrorCode.CONFLICT, "conflicts with an existing record", Map.of());
        }
        return internal(error, cause);
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
        return m != null && m.find() ? Map.of("field", m.group(1)) : Map.of();
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

    private static boolean isUniqueViolation(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return true;
            }
            if (c == c.getCause()) {
                break;
            }
        }
        return false;
    }
}
