package io.cipherocto.market.core.security;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.ErrorResponse;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A bearer token that is expired, forged or for another audience is refused before GraphQL runs; this gives
 * that refusal the same shape as every other error: HTTP 401 with a GraphQL error body, code UNAUTHENTICATED.
 */
@ApplicationScoped
public class AuthenticationFailureResponse {

    void install(@Observes Router router) {
        router.route().order(-1000).failureHandler(ctx -> {
            Throwable failure = ctx.failure();
            if (!(failure instanceof AuthenticationException || failure instanceof UnauthorizedException)
                    || ctx.response().ended()) {
                ctx.next();
                return;
            }
            ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            ErrorResponse.send(ctx, 401, ErrorCode.UNAUTHENTICATED,
                    "bearer token rejected: expired, malformed or not issued for this API");
        });
    }
}
