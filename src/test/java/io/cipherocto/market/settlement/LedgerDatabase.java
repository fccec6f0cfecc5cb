package io.cipherocto.market.settlement;

import io.cipherocto.market.core.db.EmbeddedDatabase;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/** The real, migrated PostgreSQL and a pool on it, for ledger tests that run outside Quarkus. */
final class LedgerDatabase {

    private static Pool pool;

    private LedgerDatabase() {
    }

    static synchronized Pool pool() {
        if (pool == null) {
            Map<String, String> db = EmbeddedDatabase.start(0);
            Flyway.configure().dataSource(db.get("quarkus.datasource.jdbc.url"), db.get("quarkus.datasource.username"),
                    db.get("quarkus.datasource.password")).locations("classpath:db/migration").load().migrate();
            PgConnectOptions options = PgConnectOptions.fromUri(db.get("quarkus.datasource.reactive.url"))
                    .setUser(db.get("quarkus.datasource.username")).setPassword(db.get("quarkus.datasource.password"));
            pool = PgPool.pool(options, new PoolOptions().setMaxSize(4));
        }
        return pool;
    }

    static UUID newParticipant() {
        UUID id = UUID.randomUUID();
        pool().preparedQuery("INSERT INTO participant (id, subject, username) VALUES ($1, $2, $3)")
                .execute(Tuple.of(id, "test-" + id, "ledger-test")).await().atMost(Duration.ofSeconds(5));
        return id;
    }
}
