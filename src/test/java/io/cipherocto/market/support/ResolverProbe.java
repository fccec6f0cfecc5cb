package io.cipherocto.market.support;

import io.smallrye.graphql.api.Context;
import io.smallrye.graphql.cdi.event.BeforeDataFetch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts resolver invocations, so a test can prove that none ran. */
@ApplicationScoped
public class ResolverProbe {

    private final AtomicInteger invocations = new AtomicInteger();

    void beforeDataFetch(@Observes @BeforeDataFetch Context context) {
        invocations.incrementAndGet();
    }

    public void reset() {
        invocations.set(0);
    }

    public int invocations() {
        return invocations.get();
    }
}
