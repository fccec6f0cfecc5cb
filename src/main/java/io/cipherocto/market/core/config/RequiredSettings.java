package io.cipherocto.market.core.config;

import io.quarkus.runtime.LaunchMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The settings the prod profile has no default for, checked once before anything starts: a missing one stops the
 * server with one line naming the setting and its env var (exit status 1), instead of an embedded database, a local
 * Keycloak or a half-configured chain. Dev and test keep their local defaults and are not checked.
 * <p>
 * Values come from system properties ({@code -Dname=value}) and env vars (upper case, {@code .} and {@code -} →
 * {@code _}), which is how the Helm chart and the README configure a production server; a blank value counts as
 * missing.
 * <ul>
 * <li>database: {@code quarkus.datasource.reactive.url}, {@code .jdbc.url}, {@code .username} — unless
 * {@code octo.embedded-db.enabled=true} asks for the embedded PostgreSQL (a local run of the jar);
 * <li>identity: {@code octo.keycloak.url};
 * <li>chain, when {@code octo.chain.rpc-url} turns it on (off otherwise): chain id, server key and the three contract
 * addresses — unless {@code octo.chain.auto-deploy=true} (dev chains only).
 * </ul>
 */
public final class RequiredSettings {

    /** A missing setting: its property, its env var and what it is for. */
    public record Missing(String property, String env, String meaning) {

        /** The one line printed for it. */
        public String line() {
            return "Missing required setting " + property + " (env " + env + "): " + meaning;
        }
    }

    private RequiredSettings() {
    }

    /**
     * In the prod profile of a packaged (not dev-mode or test) run: prints one line per missing setting to stderr and
     * exits with status 1. Otherwise does nothing.
     */
    public static void enforce() {
        if (!packagedProd()) {
            return;
        }
        List<Missing> missing = missing(RequiredSettings::lookup);
        if (!missing.isEmpty()) {
            missing.forEach(m -> System.err.println("ERROR [octo-market] " + m.line()));
            System.err.flush();
            System.exit(1);
        }
    }

    /**
     * Whether this is a prod-profile run of the packaged application. When {@code @QuarkusMain}'s main runs,
     * {@link LaunchMode} still reads NORMAL even in dev mode (measured on 3.34.1), so dev mode is recognised by the
     * application model its launcher hands over ({@code quarkus-internal.serialized-app-model.path}); an explicit
     * {@code quarkus.profile} decides otherwise.
     */
    static boolean packagedProd() {
        if (lookup("quarkus.profile") != null) {
            return profiles(RequiredSettings::lookup).contains("prod");
        }
        return LaunchMode.current() == LaunchMode.NORMAL
                && System.getProperty("quarkus-internal.serialized-app-model.path") == null;
    }

    /** The active profiles: {@code quarkus.profile} (comma-separated) or {@code prod}. */
    static List<String> profiles(UnaryOperator<String> settings) {
        String profile = settings.apply("quarkus.profile");
        return profile == null ? List.of("prod") : Arrays.stream(profile.split(",")).map(String::trim).toList();
    }

    /** What the prod profile cannot start without, given {@code settings} (property name → value or null). */
    public static List<Missing> missing(UnaryOperator<String> settings) {
        List<Missing> missing = new ArrayList<>();
        if (!"true".equalsIgnoreCase(settings.apply("octo.embedded-db.enabled"))) {
            require(settings, missing, "quarkus.datasource.reactive.url",
                    "PostgreSQL for the application, e.g. postgresql://db:5432/octo (the prod profile starts no embedded database)");
            require(settings, missing, "quarkus.datasource.jdbc.url",
                    "the same database for Flyway migrations, e.g. jdbc:postgresql://db:5432/octo");
            require(settings, missing, "quarkus.datasource.username", "database user");
        }
        require(settings, missing, "octo.keycloak.url",
                "Keycloak base URL as tokens name it, e.g. https://sso.example.com (realm octo)");
        if (settings.apply("octo.chain.rpc-url") != null
                && !"true".equalsIgnoreCase(settings.apply("octo.chain.auto-deploy"))) {
            String chainOn = " (required because octo.chain.rpc-url turns the chain layer on)";
            require(settings, missing, "octo.chain.chain-id", "id of the chain the node must be on" + chainOn);
            require(settings, missing, "octo.chain.server-key",
                    "the server's private key holding PAYOUT_ROLE and SLASHER_ROLE, from a Secret" + chainOn);
            require(settings, missing, "octo.chain.token-address", "deployed OctoToken" + chainOn);
            require(settings, missing, "octo.chain.stake-manager-address", "deployed StakeManager" + chainOn);
            require(settings, missing, "octo.chain.payment-vault-address", "deployed PaymentVault" + chainOn);
        }
        return missing;
    }

    private static void require(UnaryOperator<String> settings, List<Missing> missing, String property, String meaning) {
        if (settings.apply(property) == null) {
            missing.add(new Missing(property, env(property), meaning));
        }
    }

    /** The env var MicroProfile Config maps to {@code property}. */
    public static String env(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** System property, else env var; blank counts as unset. */
    static String lookup(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            value = System.getenv(env(property));
        }
        return value == null || value.isBlank() ? null : value;
    }
}
