package io.cipherocto.market.core.error;

import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.parser.exceptions.ParseCancelledException;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The HTTP envelope of {@code /graphql}, checked before SmallRye sees it, because SmallRye answers a broken one with
 * a codeless "Unparseable request", a 400 in plain text or an HTTP 500 with a stack trace. Here every request that
 * is not one well-formed GraphQL-over-HTTP POST gets a GraphQL error body with a code from ERRORS.md:
 * <ul>
 * <li>a method other than POST (WebSocket upgrades and CORS preflights aside): 405, BAD_REQUEST;</li>
 * <li>a body over {@code octo.graphql.max-body-size}: 413, QUERY_TOO_COMPLEX;</li>
 * <li>a body that is not UTF-8, not JSON, not one JSON object (batches are refused), or whose {@code query},
 * {@code operationName}, {@code variables} or {@code extensions} has the wrong JSON type: BAD_REQUEST;</li>
 * <li>JSON nested deeper than {@link #MAX_JSON_DEPTH}: QUERY_TOO_COMPLEX;</li>
 * <li>a document that does not parse: BAD_REQUEST, or QUERY_TOO_COMPLEX over the token limit.</li>
 * </ul>
 * Documents that parsed once are remembered, so a frontend's fixed set of operations is parsed here only once.
 */
@ApplicationScoped
public class RequestEnvelopeGuard {

    /** Deeper JSON than any input this schema takes; far below the parsers' own 1,000-level failure. */
    static final int MAX_JSON_DEPTH = 64;
    private static final Logger LOG = Logger.getLogger(RequestEnvelopeGuard.class);
    private static final int REMEMBERED = 4_096;

    private final Map<String, Boolean> parseable = new ConcurrentHashMap<>();
    private final ParserOptions options;
    private final String path;
    private final long maxBodySize;

    RequestEnvelopeGuard(@ConfigProperty(name = "octo.graphql.max-tokens") int maxTokens,
            @ConfigProperty(name = "octo.graphql.max-body-size") MemorySize maxBody,
            @ConfigProperty(name = "quarkus.smallrye-graphql.root-path", defaultValue = "graphql") String path) {
        this.options = ParserOptions.newParserOptions().maxTokens(maxTokens).build();
        this.path = path.startsWith("/") ? path : "/" + path;
        this.maxBodySize = maxBody.asLongValue();
    }

    void install(@Observes Router router) {
        router.route(path).order(-101).handler(this::method);
        // Vert.x remembers that the body was read, so the GraphQL route's own body handler passes through.
        router.route(HttpMethod.POST, path).order(-100).handler(BodyHandler.create().setBodyLimit(maxBodySize))
                .handler(this::check).failureHandler(this::failed);
    }

    private void method(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        boolean upgrade = "websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"));
        if (method == HttpMethod.POST || method == HttpMethod.OPTIONS || upgrade) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("Allow", "POST");
        ErrorResponse.send(ctx, 405, ErrorCode.BAD_REQUEST,
                "only POST is served here (subscriptions: a graphql-transport-ws WebSocket)");
    }

    /** Failures on this route: an oversized body, or a fault in a later handler that escaped everything else. */
    private void failed(RoutingContext ctx) {
        if (ctx.response().ended()) {
            ctx.next();
        } else if (ctx.statusCode() == 413) {
            ErrorResponse.send(ctx, 413, ErrorCode.QUERY_TOO_COMPLEX,
                    "request body larger than " + maxBodySize + " bytes");
        } else if (ctx.failure() != null && ctx.statusCode() != 401 && ctx.statusCode() != 403) {
            String errorId = UUID.randomUUID().toString();
            LOG.errorf(ctx.failure(), "GraphQL request failed [errorId=%s]", errorId);
            ErrorResponse.send(ctx, 200, ErrorCode.INTERNAL,
                    "internal error; quote errorId " + errorId + " to the operators", Map.of("errorId", errorId));
        } else {
            ctx.next();
        }
    }

    private void check(RoutingContext ctx) {
        String document;
        try {
            document = document(ctx);
        } catch (Refused refused) {
            ErrorResponse.send(ctx, 200, refused.code, refused.getMessage());
            return;
        }
        if (parseable.containsKey(document)) {
            ctx.next();
            return;
        }
        try {
            Parser.parse(ParserEnvironment.newParserEnvironment().document(document).parserOptions(options).build());
        } catch (ParseCancelledException e) {
            ErrorResponse.send(ctx, 200, ErrorCode.QUERY_TOO_COMPLEX, e.getMessage());
            return;
        } catch (InvalidSyntaxException e) {
            ErrorResponse.send(ctx, 200, ErrorCode.BAD_REQUEST, e.getMessage());
            return;
        }
        if (parseable.size() >= REMEMBERED) {
            parseable.clear();
        }
        parseable.put(document, Boolean.TRUE);
        ctx.next();
    }

    /** The query text of a well-formed envelope. */
    private static String document(RoutingContext ctx) {
        Buffer raw = ctx.body().buffer();
        if (raw == null || raw.length() == 0) {
            throw new Refused(ErrorCode.BAD_REQUEST, "empty request body; send {\"query\": \"...\"}");
        }
        String text = utf8(raw);
        String contentType = ctx.request().getHeader("Content-Type");
        String mediaType = contentType == null ? "application/json" : contentType.split(";")[0].trim().toLowerCase();
        if (mediaType.equals("application/graphql")) {
            return text;
        }
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            throw new Refused(ErrorCode.BAD_REQUEST, "unsupported Content-Type; send application/json");
        }
        if (depth(text) > MAX_JSON_DEPTH) {
            throw new Refused(ErrorCode.QUERY_TOO_COMPLEX, "request JSON nested deeper than " + MAX_JSON_DEPTH);
        }
        Object body;
        try {
            body = Json.decodeValue(text);
        } catch (DecodeException e) {
            throw new Refused(ErrorCode.BAD_REQUEST, "request body is not valid JSON");
        }
        if (body instanceof JsonArray) {
            throw new Refused(ErrorCode.BAD_REQUEST,
                    "batched requests (a JSON array) are not supported; send one operation per request");
        }
        if (!(body instanceof JsonObject envelope)) {
            throw new Refused(ErrorCode.BAD_REQUEST, "request body must be a JSON object {\"query\": \"...\"}");
        }
        if (!(envelope.getValue("query") instanceof String query) || query.isBlank()) {
            throw new Refused(ErrorCode.BAD_REQUEST, "\"query\" must be a non-empty string");
        }
        expect(envelope, "operationName", String.class, "a string");
        expect(envelope, "variables", JsonObject.class, "an object");
        expect(envelope, "extensions", JsonObject.class, "an object");
        return query;
    }

    private static void expect(JsonObject envelope, String key, Class<?> type, String what) {
        Object value = envelope.getValue(key);
        if (value != null && !type.isInstance(value)) {
            throw new Refused(ErrorCode.BAD_REQUEST, "\"" + key + "\" must be " + what + " or null");
        }
    }

    private static String utf8(Buffer raw) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw.getBytes())).toString();
        } catch (CharacterCodingException e) {
            throw new Refused(ErrorCode.BAD_REQUEST, "request body is not valid UTF-8");
        }
    }

    /** The deepest nesting of JSON arrays and objects in {@code text} (string contents skipped). */
    private static int depth(String text) {
        int depth = 0;
        int max = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                max = Math.max(max, ++depth);
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return max;
    }

    private static final class Refused extends RuntimeException {
        private final ErrorCode code;

        Refused(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
