package io.cipherocto.market.core.error;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** Writes a GraphQL-shaped error body for failures caught before the GraphQL engine runs. */
public final class ErrorResponse {

    private ErrorResponse() {
    }

    public static void send(RoutingContext ctx, int status, ErrorCode code, String message) {
        send(ctx, status, code, message, Map.of());
    }

    /** With extra {@code extensions} keys next to {@code code} (e.g. {@code dependency}). */
    public static void send(RoutingContext ctx, int status, ErrorCode code, String message, Map<String, Object> details) {
        JsonObject extensions = new JsonObject().put("code", code.name());
        details.forEach(extensions::put);
        JsonObject error = new JsonObject().put("message", message).put("extensions", extensions);
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/graphql-response+json; charset=UTF-8")
                .end(new JsonObject().put("errors", new JsonArray().add(error)).encode());
    }
}
