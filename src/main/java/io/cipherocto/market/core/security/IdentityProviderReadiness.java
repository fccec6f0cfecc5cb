package io.cipherocto.market.core.security;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the identity provider in readiness. Unreachable leaves the server ready: anonymous reads still answer and
 * signed-in calls get UNAVAILABLE with a Retry-After, so taking replicas out of service would only make it worse;
 * {@code state} tells an operator why sign-ins fail.
 */
@Readiness
@ApplicationScoped
public class IdentityProviderReadiness implements HealthCheck {

    private final IdentityProvider provider;

    IdentityProviderReadiness(IdentityProvider provider) {
        this.provider = provider;
    }

    @Override
    public HealthCheckResponse call() {
        IdentityProvider.State state = provider.state();
        var response = HealthCheckResponse.named("identity-provider").up()
                .withData("state", state.reachable() ? "REACHABLE" : "UNREACHABLE")
                .withData("since", state.since().toString());
        provider.issuer().ifPresent(url -> response.withData("issuer", url));
        if (state.lastError() != null) {
            response.withData("lastError", state.lastError());
        }
        return response.build();
    }
}
