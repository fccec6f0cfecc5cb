package io.cipherocto.market.core.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.OctoException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorTest {

    private static final UUID ID = UUID.fromString("0b6c3a52-6f1e-4d0c-9a7e-3f2f1d4c5b6a");

    @Test
    void everyValueTypeRoundTripsToTheSameJavaValue() {
        List<Object> values = List.of(Instant.parse("2026-03-01T12:34:56.123456Z"),
                BigInteger.TWO.pow(256).subtract(BigInteger.ONE), BigInteger.ZERO, Long.MIN_VALUE, -1L,
                "a|b %+&/ä€😀", "", UUID.fromString("ffffffff-0000-4000-8000-000000000001"));
        Cursor cursor = new Cursor("0a1b2c3d", values, ID);

        Cursor decoded = Cursor.decode(cursor.encode(), "after");

        assertThat(decoded).isEqualTo(cursor);
        assertThat(decoded.values()).map(Object::getClass).containsExactlyElementsOf(
                values.stream().map(Object::getClass).toList());
    }

    @Test
    void aV1CursorStillDecodesAsCreatedAtAndId() {
        Instant createdAt = Instant.parse("2025-11-30T08:00:00.5Z");
        // The text the server issued before typed cursors, built here by hand as the old code did.
        String v1 = base64("v1|" + createdAt + "|" + ID);

        Cursor decoded = Cursor.decode(v1, "after");

        assertThat(decoded.order()).isNull();
        assertThat(decoded.values()).containsExactly(createdAt);
        assertThat(decoded.id()).isEqualTo(ID);
        assertThat(new Cursor(createdAt, ID).encode()).isEqualTo(v1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "v2|0a1b2c3d|n007|" + "0b6c3a52-6f1e-4d0c-9a7e-3f2f1d4c5b6a",   // leading zeros
            "v2|0a1b2c3d|n-0|0b6c3a52-6f1e-4d0c-9a7e-3f2f1d4c5b6a",         // another spelling of zero
            "v2|0a1b2c3d|l+1|0b6c3a52-6f1e-4d0c-9a7e-3f2f1d4c5b6a",
            "v2|0a1b2c3d|t2026-01-01T00:00:00.000Z|0b6c3a52-6f1e-4d0c-9a7e-3f2f1d4c5b6a",
            "v2|0a1b2c3d|tyesterday|0b6c3a52-6f1e-4d0c-9a7e-3f2f1d4c5b6a",
            "v2|0a1b2c3d|x1|0b6c3a52-6f1e-4d0c-9a7e-3f2f1d4c5b6a",          // unknown type
            "v2|0a1b2c3d||0b6c3a52-6f1e-4d0c-9a7e-3f2f1d4c5b6a",            // empty value
            "v2|0a1b2c3d|sa%00b|0b6c3a52-6f1e-4d0c-9a7e-3f2f1d4c5b6a",      // NUL, which PostgreSQL refuses
            "v2|0a1b2c3d|sa%2|0b6c3a52-6f1e-4d0c-9a7e-3f2f1d4c5b6a",        // broken escape
            "v2|0a1b2c3d|sa b|0b6c3a52-6f1e-4d0c-9a7e-3f2f1d4c5b6a",        // unescaped space
            "v2|0a1b2c3d|n1|b6c3a52-6f1e-4d0c-9a7e-3f2f1d4c5b6a",           // uuid missing a digit
            "v2|0a1b2c3d",
            "v1|2026-01-01T00:00:00Z|42",
            "v1|2026-01-01T00:00:00Z|0b6c3a52-6f1e-4d0c-9a7e-3f2f1d4c5b6a|extra",
            "v3|0a1b2c3d|n1|0b6c3a52-6f1e-4d0c-9a7e-3f2f1d4c5b6a"})
    void anythingButTheExactIssuedTextIsAValidationErrorOnAfter(String raw) {
        assertRefused(base64(raw));
    }

    @Test
    void garbageTruncationPaddingAndHugeTextAreRefused() {
        String valid = new Cursor("0a1b2c3d", List.of(BigInteger.TEN), ID).encode();
        assertThat(Cursor.decode(valid, "after").values()).containsExactly(BigInteger.TEN);
        assertThat(valid).isEqualTo(base64("v2|0a1b2c3d|n10|" + ID));

        assertRefused("garbage!");
        assertRefused("");
        assertRefused(valid.substring(0, valid.length() - 3));
        // 52 bytes: the padded spelling ends in "==", the issued one does not.
        assertRefused(Base64.getUrlEncoder().encodeToString(("v2|0a1b2c3d|n10|" + ID).getBytes(StandardCharsets.UTF_8)));
        assertRefused(base64("v2|0a1b2c3d|s" + "a".repeat(5000) + "|" + ID));
    }

    static void assertRefused(String text) {
        assertThatThrownBy(() -> Cursor.decode(text, "after")).isInstanceOfSatisfying(OctoException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION);
            assertThat(e.details()).containsEntry("field", "after");
        });
    }

    static String base64(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }
}
