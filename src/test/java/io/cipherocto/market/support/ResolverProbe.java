package io.cipherocto.market.support;

import io.smallrye.graphql.api.Context;
import io.smallrye.graphql.spi.EventingService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts resolver invocations, so a test can prove that none ran: a test-only SmallRye {@link EventingService}
 * (registered in src/test/resources/META-INF/services), since the server fires no CDI event per field.
 */
public class ResolverProbe implements EventingService {

    private static final AtomicInteger INVOCATIONS = new AtomicInteger();

    @Override
    public String getConfigKey() {
        return null;
    }

    @Override
    public void beforeDataFetch(Context context) {
        INVOCATIONS.incrementAndGet();
    }

    public static void reset() {
        INVOCATIONS.set(0);
    }

    public static int invocations() {
        return INVOCATIONS.get();
    }
}
