package io.cipherocto.market.core.page;

import io.cipherocto.market.core.error.OctoException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * An opaque keyset position: the sort key (a timestamp) and the row id that breaks ties. Clients
 * must treat it as an opaque string; anything that does not decode is a VALIDATION error on "after".
 */
public record Cursor(Instant sortKey, UUID id) {

    private static final String VERSION = "v1";

    public String encode() {
        String raw = VERSION + "|" + sortKey + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor decode(String cursor, String field) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", -1);
            if (parts.length != 3 || !VERSION.equals(parts[0])) {
                throw invalid(field);
            }
            Cursor decoded = new Cursor(Instant.parse(parts[1]), UUID.fromString(parts[2]));
            // Only the exact text this server issues: lenient parsers accept truncated ids and timestamps.
            if (!decoded.encode().equals(cursor)) {
                throw invalid(field);
            }
            return decoded;
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw invalid(field);
        }
    }

    private static OctoException invalid(String field) {
        return OctoException.validation(field, "not a cursor issued by this server");
    }
}
