package io.cipherocto.market.core.scalar;

import io.cipherocto.market.core.error.OctoException;
import java.util.Locale;
import java.util.UUID;

/**
 * GraphQL {@code ID} arguments that name rows by UUID, sent as strings (SmallRye 2.17 refuses UUID-typed {@code ID}
 * arguments): parsed once at the boundary, VALIDATION naming the field when it is not an id this server issued.
 */
public final class Ids {

    private Ids() {
    }

    /** The UUID in {@code value}; null for null (an optional argument left out). */
    public static UUID uuid(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            UUID id = UUID.fromString(value);
            if (id.toString().equals(value.toLowerCase(Locale.ROOT))) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the VALIDATION below
        }
        throw OctoException.validation(field, "not an id this server issued");
    }
}
