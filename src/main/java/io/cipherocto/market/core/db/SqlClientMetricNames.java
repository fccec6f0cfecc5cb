package io.cipherocto.market.core.db;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The Vert.x SQL client reports some meters with an empty prefix ({@code .completed}), which Prometheus renders as
 * {@code m__completed_total}; they are named {@code sql_client_*} instead.
 */
public class SqlClientMetricNames {

    @Produces
    @Singleton
    MeterFilter sqlClientPrefix() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String name = id.getName();
                return name.startsWith(".") || name.startsWith("_") ? id.withName("sql_client_" + name.substring(1)) : id;
            }
        };
    }
}
