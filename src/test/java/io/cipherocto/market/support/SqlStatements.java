package io.cipherocto.market.support;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Statistic;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Counts the SQL statements a request costs, with the reactive PostgreSQL client's own {@code completed} meter
 * (every statement of every pool and session). Use it under {@link Quiet}: no chain worker and no finalizer round run
 * statements meanwhile, so the difference before and after a request is that request's.
 */
public final class SqlStatements {

    /**
     * A server with no background statements: chain off (no mirror, no outbox sender), the datanet finalizer and the
     * quota expiry step idle.
     */
    public static class Quiet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("octo.chain.rpc-url", "", "octo.datanet.finalize-every", "PT1H",
                    "octo.quota.expire-every", "PT1H", "octo.jobs.deadlines-every", "PT1H", "octo.jobs.poll-every", "PT1H",
                    "octo.rate-limit.spend-flush-every", "PT1H");
        }
    }

    private SqlStatements() {
    }

    /** Statements completed while {@code request} ran. */
    public static long of(Runnable request) {
        long before = completed();
        request.run();
        return completed() - before;
    }

    private static long completed() {
        double total = 0;
        for (Meter meter : Arc.container().instance(MeterRegistry.class).get().getMeters()) {
            String name = meter.getId().getName();
            if (name.equals("postgresql.completed") || name.equals("sql_client_completed")) {
                for (Measurement m : meter.measure()) {
                    if (m.getStatistic() == Statistic.COUNT) {
                        total += m.getValue();
                    }
                }
            }
        }
        return (long) total;
    }
}
