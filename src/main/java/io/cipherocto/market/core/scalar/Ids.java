package io.cipherocto.market.core.scalar;

import io.cipherocto.market.core.error.OctoException;
import java.util.UUID;

/** GraphQL {@code ID} arguments that name rows by UUID: parsed at the boundary, VALIDATION naming the field if bad. */
public final class Ids {

    private Ids() {
    }

    public static UUID uuid(String field, String id) {
        try {
            if (id != null && id.length() == 36) {
                return UUID.fromString(id);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the VALIDATION below
        }
        throw OctoException.validation(field, "not an id this server issued");
    }
}
