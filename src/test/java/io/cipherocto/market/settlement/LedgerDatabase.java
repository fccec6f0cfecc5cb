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
import io.smallrye.mutiny.Uni;
import org.flywaydb.core.Flyway;
import org.hibernate.cfg.Configuration;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.reactive.provider.ReactiveServiceRegistryBuilder;

/** The real, migrated PostgreSQL and a pool on it, for ledger tests that run outside Quarkus. */
final class LedgerDatabase {

    private static Pool pool;
    private static Mutiny.SessionFactory sessions;

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

    /**
     * Hibernate Reactive started on its own (no Quarkus), over the same database: the ledger posts on a command's
     * session, so its tests open one the way a command does.
     */
    static synchronized Mutiny.SessionFactory sessions() {
        if (sessions == null) {
            Map<String, String> db = EmbeddedDatabase.start(0);
            pool();
            Configuration cfg = new Configuration()
                    .setProperty("hibernate.connection.url", db.get("quarkus.datasource.jdbc.url"))
                    .setProperty("hibernate.connection.username", db.get("quarkus.datasource.username"))
                    .setProperty("hibernate.connection.password", db.get("quarkus.datasource.password"))
                    .setProperty("hibernate.connection.pool_size", "4");
            sessions = cfg.buildSessionFactory(new ReactiveServiceRegistryBuilder()
                    .applySettings(cfg.getProperties()).build()).unwrap(Mutiny.SessionFactory.class);
        }
        return sessions;
    }

    /** Posts in a transaction of its own, as a one-posting command would. */
    static Uni<UUID> post(LedgerService ledger, Posting posting) {
        return sessions().withTransaction(session -> ledger.post(session, posting));
    }

    static UUID newParticipant() {
        UUID id = UUID.randomUUID();
        pool().preparedQuery("INSERT INTO participant (id, subject, username) VALUES ($1, $2, $3)")
                .execute(Tuple.of(id, "test-" + id, "ledger-test")).await().atMost(Duration.ofSeconds(5));
        return id;
    }
}
