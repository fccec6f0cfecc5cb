package io.cipherocto.market.support;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;

/**
 * The system PostgreSQL on {@code 127.0.0.1:5432} (user and password {@code postgres}) that black-box tests of
 * the packaged server point it at, in a database of their own: {@link #createDatabase(String)} makes one with a
 * random name, {@link #dropDatabase(String)} removes it (even while a server that did not stop still holds it).
 */
public final class ExternalPostgres {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 5432;
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private ExternalPostgres() {
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    public static String reactiveUrl(String database) {
        return "postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    public static Properties credentials() {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("password", PASSWORD);
        props.setProperty("connectTimeout", "3");
        return props;
    }

    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), credentials());
    }

    /** Whether PostgreSQL accepts JDBC connections as {@link #USER}. */
    public static boolean reachable() {
        try (Connection c = connect("postgres")) {
            return c.isValid(3);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Skips the calling test (JUnit assumption) unless {@link #reachable()}; {@code scenario} names what. */
    public static void assumeReachable(String scenario) {
        Assumptions.assumeTrue(reachable(), "no PostgreSQL accepting JDBC connections (user " + USER + ") at "
                + HOST + ":" + PORT + ": " + scenario + " skipped");
    }

    public static void execute(String database, String sql) throws SQLException {
        try (Connection c = connect(database); var s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Creates a database named {@code prefix} + 12 random hex digits and returns its name. */
    public static String createDatabase(String prefix) throws SQLException {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        String database = prefix + HexFormat.of().formatHex(random);
        execute("postgres", "CREATE DATABASE " + database);
        return database;
    }

    /** Drops the database; FORCE, so a server that did not stop cannot keep it alive. */
    public static void dropDatabase(String database) throws SQLException {
        execute("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    /** The standard Quarkus datasource env vars that point a server at {@code database}. */
    public static Map<String, String> datasourceEnv(String database) {
        return Map.of(
                "QUARKUS_DATASOURCE_REACTIVE_URL", reactiveUrl(database),
                "QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl(database),
                "QUARKUS_DATASOURCE_USERNAME", USER,
                "QUARKUS_DATASOURCE_PASSWORD", PASSWORD);
    }
}
