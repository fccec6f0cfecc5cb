package io.cipherocto.market.core.security;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.ErrorResponse;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * A bearer token refused before GraphQL runs gets the same shape as every other error. Expired, forged or for
 * another audience: HTTP 401, code UNAUTHENTICATED. Not verifiable because the identity provider cannot be reached
 * (its keys are not known yet): HTTP 503 with Retry-After, code UNAVAILABLE — unless the token is bad on its face
 * (malformed, unsigned, expired), which needs no keys to tell and stays UNAUTHENTICATED.
 */
@ApplicationScoped
public class AuthenticationFailureResponse {

    private final IdentityProvider provider;

    AuthenticationFailureResponse(IdentityProvider provider) {
        this.provider = provider;
    }

    void install(@Observes Router router) {
        router.route().order(-1000).failureHandler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (ctx.response().ended()) {
            ctx.next();
        } else if (identityProviderUnreachable(failure) && !badOnItsFace(bearer(ctx))) {
            long retryAfter = Math.max(1, provider.state().nextCheckIn().toSeconds());
            ctx.response().putHeader("Retry-After", Long.toString(retryAfter));
            ErrorResponse.send(ctx, 503, ErrorCode.UNAVAILABLE,
                    "the identity provider cannot be reached to verify the bearer token; retry shortly",
                    Map.of("dependency", "identity"));
        } else if (failure instanceof AuthenticationException || failure instanceof UnauthorizedException
                || identityProviderUnreachable(failure)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            ErrorResponse.send(ctx, 401, ErrorCode.UNAUTHENTICATED,
                    "bearer token rejected: expired, malformed or not issued for this API");
        } else {
            ctx.next();
        }
    }

    private static boolean identityProviderUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OIDCException) {
                return true;
            }
        }
        return false;
    }

    private static String bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    }

    /** Malformed, unsigned ({@code alg: none}) or past its {@code exp}: refused without any key. */
    static boolean badOnItsFace(String token) {
        if (token == null) {
            return true;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[2].isEmpty()) {
            return true;
        }
        try {
            JsonObject header = new JsonObject(decode(parts[0]));
            JsonObject claims = new JsonObject(decode(parts[1]));
            String alg = header.getString("alg");
            Long exp = claims.getLong("exp");
            return alg == null || alg.equalsIgnoreCase("none") || exp == null
                    || Instant.ofEpochSecond(exp).isBefore(Instant.now());
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }
}
