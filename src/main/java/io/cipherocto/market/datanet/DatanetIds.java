package io.cipherocto.market.datanet;

import io.cipherocto.market.core.error.OctoException;
import java.util.UUID;

/** Parses the {@code ID} arguments of the datanet API (UUIDs sent as strings); a bad one is VALIDATION on its field. */
final class DatanetIds {

    private DatanetIds() {
    }

    static UUID parse(String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            UUID id = UUID.fromString(value);
            if (!id.toString().equals(value.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException(value);
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw OctoException.validation(field, "not an id this server issued");
        }
    }
}
