package io.cipherocto.market.core.error;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A business failure the client is meant to see: a code from {@link ErrorCode}, a message, and the identifiers it
 * is about (sent as {@code extensions}). Features subclass it with named exceptions that carry a {@link Reason};
 * {@link ErrorMapper} is the one place that turns any of them into a GraphQL error.
 */
public class OctoException extends RuntimeException {

    private final ErrorCode code;
    private final Map<String, Object> details;

    public OctoException(ErrorCode code, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.code = code;
        this.details = Map.copyOf(details);
    }

    /** A failure with a documented reason: {@code extensions.reason} plus the identifiers it is about. */
    protected OctoException(Reason reason, String message, Map<String, Object> identifiers) {
        this(reason.code(), message, withReason(reason, identifiers));
    }

    /** For failures caused by another one (kept for the server log; the client sees only code and message). */
    protected OctoException(ErrorCode code, String message, Map<String, Object> details, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
        this.details = Map.copyOf(details);
    }

    public OctoException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    public static OctoException notFound(String entity, Object id) {
        return new OctoException(ErrorCode.NOT_FOUND, entity + " " + id + " not found",
                Map.of("entity", entity, "id", String.valueOf(id)));
    }

    public static OctoException validation(String field, String problem) {
        return new OctoException(ErrorCode.VALIDATION, field + ": " + problem, Map.of("field", field));
    }

    public static OctoException unauthenticated() {
        return new OctoException(ErrorCode.UNAUTHENTICATED, "a valid bearer token is required");
    }

    private static Map<String, Object> withReason(Reason reason, Map<String, Object> identifiers) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", reason.name());
        details.putAll(identifiers);
        return details;
    }
}
