package io.cipherocto.market.core.security;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Whether the identity provider (Keycloak) answers: its OIDC discovery document is fetched now and then, more often
 * while it is down (backoff from 1 s to 30 s). The outage is logged once when it starts and once when it ends, never
 * per request; readiness shows it ({@link IdentityProviderReadiness}); and a token the server cannot verify meanwhile
 * is answered UNAVAILABLE with a Retry-After ({@link AuthenticationFailureResponse}). Quarkus OIDC itself retries
 * discovery and key fetches on the next request once the provider is back, so no restart is needed.
 */
@ApplicationScoped
public class IdentityProvider {

    private static final Logger LOG = Logger.getLogger(IdentityProvider.class);
    private static final Duration WHILE_UP = Duration.ofSeconds(30);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    /** Reachability as last seen: {@code since} is when it last changed. */
    public record State(boolean reachable, String lastError, OffsetDateTime since, Duration nextCheckIn) {
    }

    private final Vertx vertx;
    private final Optional<String> issuer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    private volatile State state = new State(true, null, OffsetDateTime.now(ZoneOffset.UTC), FIRST_RETRY);
    private volatile boolean stopped;

    IdentityProvider(Vertx vertx, @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> issuer) {
        this.vertx = vertx;
        this.issuer = issuer;
    }

    void start(@Observes StartupEvent ignored) {
        issuer.ifPresent(url -> check(url, FIRST_RETRY));
    }

    void stop(@Observes ShutdownEvent ignored) {
        stopped = true;
    }

    public State state() {
        return state;
    }

    public Optional<String> issuer() {
        return issuer;
    }

    private void check(String url, Duration backoff) {
        if (stopped) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/.well-known/openid-configuration"))
                .timeout(REQUEST_TIMEOUT).GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : failure;
            String error = cause != null ? "not reachable (" + cause.getClass().getSimpleName() + ")"
                    : response.statusCode() != 200 ? "discovery answered HTTP " + response.statusCode() : null;
            Duration next = error == null ? WHILE_UP
                    : state.reachable() ? FIRST_RETRY : min(backoff.multipliedBy(2), WHILE_UP);
            record(url, error, next);
            if (!stopped) {
                vertx.setTimer(next.toMillis(), id -> check(url, next));
            }
        });
    }

    private void record(String url, String error, Duration next) {
        boolean reachable = error == null;
        State before = state;
        if (before.reachable() != reachable) {
            if (reachable) {
                LOG.infof("identity provider %s is reachable again (down since %s)", url, before.since());
            } else {
                LOG.warnf("identity provider %s: %s; bearer tokens are answered UNAVAILABLE until it is back "
                        + "(checking with backoff up to %s)", url, error, WHILE_UP);
            }
        }
        OffsetDateTime since = before.reachable() == reachable ? before.since() : OffsetDateTime.now(ZoneOffset.UTC);
        state = new State(reachable, error, since, next);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
