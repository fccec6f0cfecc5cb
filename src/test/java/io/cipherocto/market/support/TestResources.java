package io.cipherocto.market.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Every @QuarkusTest runs against a real PostgreSQL and a real Keycloak. */
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(KeycloakResource.class)
public final class TestResources {
    private TestResources() {
    }
}
