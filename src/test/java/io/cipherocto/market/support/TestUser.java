package io.cipherocto.market.support;

/**
 * A Keycloak user made for one test ({@link TestUsers}): unique name, its own password, the realm roles and
 * partner claims the test asked for ({@code partnerId}/{@code partnerTier} null when it asked for none).
 */
public record TestUser(String username, String password, String partnerId, String partnerTier) {

    /** A cached access token from the web client (password grant). */
    public String token() {
        return Tokens.of(this);
    }

    @Override
    public String toString() {
        return username;
    }
}
