package io.cipherocto.market.chain;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the chain in readiness. A node that is down degrades the chain but leaves the server ready: queries
 * on mirrored data still answer and payouts wait in the outbox, so taking replicas out of service would only
 * make things worse.
 */
@Readiness
@ApplicationScoped
public class ChainReadiness implements HealthCheck {

    private final ChainMirror mirror;

    ChainReadiness(ChainMirror mirror) {
        this.mirror = mirror;
    }

    @Override
    public HealthCheckResponse call() {
        ChainStatus status = mirror.status();
        var response = HealthCheckResponse.named("chain").up().withData("state", status.state().name());
        if (status.head() != null) {
            response.withData("head", status.head());
        }
        if (status.cursor() != null) {
            response.withData("cursor", status.cursor());
        }
        if (status.lastError() != null) {
            response.withData("lastError", status.lastError().code().name());
        }
        return response.build();
    }
}
