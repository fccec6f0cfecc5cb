package io.cipherocto.market.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.cipherocto.market.core.config.RequiredSettings.Missing;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The prod profile's required settings, as a function of what is set (the packaged-server check: ProductionConfigIT). */
class RequiredSettingsTest {

    private static final Map<String, String> COMPLETE = Map.of(
            "quarkus.datasource.reactive.url", "postgresql://db:5432/octo",
            "quarkus.datasource.jdbc.url", "jdbc:postgresql://db:5432/octo",
            "quarkus.datasource.username", "octo",
            "octo.keycloak.url", "https://sso.example.com");

    private static List<String> missing(Map<String, String> settings) {
        return RequiredSettings.missing(settings::get).stream().map(Missing::env).toList();
    }

    @Test
    void completeSettingsWithTheChainOffNeedNothingMore() {
        assertThat(missing(COMPLETE)).isEmpty();
    }

    @Test
    void nothingSetNamesTheDatabaseAndKeycloak() {
        assertThat(missing(Map.of())).containsExactly("QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_JDBC_URL",
                "QUARKUS_DATASOURCE_USERNAME", "OCTO_KEYCLOAK_URL");
    }

    @Test
    void theEmbeddedDatabaseMustBeAskedFor() {
        assertThat(missing(Map.of("octo.embedded-db.enabled", "true", "octo.keycloak.url", "http://k")))
                .isEmpty();
        assertThat(missing(Map.of("octo.embedded-db.enabled", "false", "octo.keycloak.url", "http://k")))
                .contains("QUARKUS_DATASOURCE_REACTIVE_URL");
    }

    @Test
    void aChainTurnedOnNeedsItsIdKeyAndContracts() {
        Map<String, String> chain = new HashMap<>(COMPLETE);
        chain.put("octo.chain.rpc-url", "https://rpc.example");
        assertThat(missing(chain)).containsExactly("OCTO_CHAIN_CHAIN_ID", "OCTO_CHAIN_SERVER_KEY",
                "OCTO_CHAIN_TOKEN_ADDRESS", "OCTO_CHAIN_STAKE_MANAGER_ADDRESS", "OCTO_CHAIN_PAYMENT_VAULT_ADDRESS");
        chain.put("octo.chain.auto-deploy", "true");
        assertThat(missing(chain)).isEmpty();
    }

    @Test
    void theLineNamesTheSettingAndItsEnvVar() {
        Missing m = RequiredSettings.missing(Map.of("octo.embedded-db.enabled", "true")::get).get(0);
        assertThat(m.line()).startsWith("Missing required setting octo.keycloak.url (env OCTO_KEYCLOAK_URL): ");
        assertThat(RequiredSettings.env("octo.chain.stake-manager-address"))
                .isEqualTo("OCTO_CHAIN_STAKE_MANAGER_ADDRESS");
    }

    @Test
    void profilesComeFromQuarkusProfileOrDefaultToProd() {
        assertThat(RequiredSettings.profiles(Map.<String, String>of()::get)).containsExactly("prod");
        assertThat(RequiredSettings.profiles(Map.of("quarkus.profile", "prod, kube")::get))
                .containsExactly("prod", "kube");
        assertThat(RequiredSettings.profiles(Map.of("quarkus.profile", "dev")::get)).containsExactly("dev");
    }
}
