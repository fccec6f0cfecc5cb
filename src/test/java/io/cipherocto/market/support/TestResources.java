package io.cipherocto.market.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Every @QuarkusTest runs against a real PostgreSQL, a real Keycloak and a real Hardhat node. */
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(KeycloakResource.class)
@QuarkusTestResource(ChainNodeResource.class)
public final class TestResources {
    private TestResources() {
    }
}
