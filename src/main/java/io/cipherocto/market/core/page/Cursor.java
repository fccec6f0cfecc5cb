package io.cipherocto.market.core.page;

import io.cipherocto.market.core.error.OctoException;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * An opaque keyset position: the sort values of the last row a client saw, that row's id (the tiebreak) and
 * the fingerprint of the {@link Keyset} that issued it, so a cursor only resumes the order it came from. Clients
 * must treat it as an opaque string; anything that does not decode is a VALIDATION error on "after".
 *
 * <p>Text {@code v2|<order>|<tag><value>|...|<id>}, base64url: each value carries a one-letter type tag
 * (t instant, n integer of any size, l long, s text, u uuid) so it decodes to the exact Java type it was.
 * {@code v1|<instant>|<id>} is the earlier (createdAt, id) format: still issued by lists not yet on a
 * {@link Keyset} and accepted by any keyset ordered by one timestamp and the id.
 */
public record Cursor(String order, List<Object> values, UUID id) {

    private static final String VERSION = "v2";
    private static final String CREATED_AT_VERSION = "v1";
    // Far above any cursor the server issues; stops a client from making the server decode megabytes.
    private static final int MAX_LENGTH = 2048;

    /** {@code order}: fingerprint of the issuing {@link Keyset}, null for a v1 (createdAt, id) cursor. */
    public Cursor {
        values = List.copyOf(values);
    }

    /** A (createdAt, id) position in the v1 format that clients may still hold (accepted by timestamp orders). */
    public Cursor(Instant createdAt, UUID id) {
        this(null, List.of(createdAt), id);
    }

    public String encode() {
        StringBuilder raw = new StringBuilder();
        if (order == null) {
            raw.append(CREATED_AT_VERSION).append('|').append(values.getFirst());
        } else {
            raw.append(VERSION).append('|').append(order);
            values.forEach(value -> raw.append('|').append(encodeValue(value)));
        }
        raw.append('|').append(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static Cursor decode(String cursor, String field) {
        if (cursor.length() > MAX_LENGTH) {
            throw invalid(field);
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", -1);
            Cursor decoded = switch (parts[0]) {
                case CREATED_AT_VERSION -> parts.length != 3 ? null
                        : new Cursor(Instant.parse(parts[1]), UUID.fromString(parts[2]));
                case VERSION -> parts.length < 3 ? null : new Cursor(parts[1], decodeValues(parts),
                        UUID.fromString(parts[parts.length - 1]));
                default -> null;
            };
            // Only the exact text this server issues: lenient parsers accept truncated ids and timestamps,
            // leading zeros, padding and other spellings of the same position.
            if (decoded == null || !decoded.encode().equals(cursor)) {
                throw invalid(field);
            }
            return decoded;
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw invalid(field);
        }
    }

    private static List<Object> decodeValues(String[] parts) {
        List<Object> values = new ArrayList<>(parts.length - 3);
        for (int i = 2; i < parts.length - 1; i++) {
            values.add(decodeValue(parts[i]));
        }
        return values;
    }

    private static String encodeValue(Object value) {
        return switch (value) {
            case Instant instant -> "t" + instant;
            case BigInteger integer -> "n" + integer;
            case Long number -> "l" + number;
            // URL encoding keeps the separator out of the text.
            case String text -> "s" + URLEncoder.encode(text, StandardCharsets.UTF_8);
            case UUID uuid -> "u" + uuid;
            default -> throw new IllegalArgumentException("no cursor encoding for " + value.getClass());
        };
    }

    private static Object decodeValue(String part) {
        if (part.isEmpty()) {
            throw new IllegalArgumentException("empty cursor value");
        }
        String text = part.substring(1);
        return switch (part.charAt(0)) {
            case 't' -> Instant.parse(text);
            case 'n' -> new BigInteger(text);
            case 'l' -> Long.valueOf(text);
            case 's' -> checkedText(URLDecoder.decode(text, StandardCharsets.UTF_8));
            case 'u' -> UUID.fromString(text);
            default -> throw new IllegalArgumentException("unknown cursor value type");
        };
    }

    // PostgreSQL text cannot hold NUL: a forged one would fail the statement as a server error.
    private static String checkedText(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL in cursor text");
        }
        return text;
    }

    static OctoException invalid(String field) {
        return OctoException.validation(field, "not a cursor issued by this server for this list");
    }
}
