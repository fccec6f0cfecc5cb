package io.cipherocto.market.identity;

import java.util.Locale;
import java.util.Optional;

/** Realm roles that mean something to the marketplace; other roles in the token are ignored. */
public enum Role {
    CONTRIBUTOR, CURATOR, OPERATOR, CONSUMER, ADMIN;

    /** The role name as it appears in Keycloak and in {@code @RolesAllowed}. */
    public String realmName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromRealmName(String name) {
        for (Role role : values()) {
            if (role.realmName().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
