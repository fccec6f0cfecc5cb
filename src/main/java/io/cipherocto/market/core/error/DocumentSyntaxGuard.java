package io.cipherocto.market.core.error;

import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;
import graphql.parser.exceptions.ParseCancelledException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * SmallRye answers a document it cannot parse with a bare "Unparseable input document" that no error hook
 * sees. This guard parses POSTed documents first and answers BAD_REQUEST (syntax) or QUERY_TOO_COMPLEX
 * (token limit) itself. Documents that parsed once are remembered, so a frontend's fixed set of operations
 * is parsed here only once.
 */
@ApplicationScoped
public class DocumentSyntaxGuard {

    private static final int REMEMBERED = 4_096;

    private final Map<String, Boolean> parseable = new ConcurrentHashMap<>();
    private final ParserOptions options;
    private final String path;

    DocumentSyntaxGuard(@ConfigProperty(name = "octo.graphql.max-tokens") int maxTokens,
            @ConfigProperty(name = "quarkus.smallrye-graphql.root-path", defaultValue = "graphql") String path) {
        this.options = ParserOptions.newParserOptions().maxTokens(maxTokens).build();
        this.path = path.startsWith("/") ? path : "/" + path;
    }

    void install(@Observes Router router) {
        // Vert.x remembers that the body was read, so the GraphQL route's own body handler passes through.
        router.route(HttpMethod.POST, path).order(-100).handler(BodyHandler.create()).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        String document = document(ctx);
        if (document == null || parseable.containsKey(document)) {
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

    /** The query text, or null when the body is not one this guard understands (SmallRye then decides). */
    private static String document(RoutingContext ctx) {
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType != null && contentType.startsWith("application/graphql")) {
            return ctx.body().asString();
        }
        try {
            JsonObject body = ctx.body().asJsonObject();
            return body == null ? null : body.getString("query");
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }
}
