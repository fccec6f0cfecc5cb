package io.cipherocto.market.core.scalar;

import io.cipherocto.market.core.error.OctoException;
import io.smallrye.graphql.api.CustomScalar;
import io.smallrye.graphql.api.CustomStringScalar;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.microprofile.graphql.Description;
import org.web3j.crypto.Keys;

/**
 * An EVM account address ({@code value}: the lower-case 0x form), validated at the boundary like {@link TokenAmount}: the one rule for what an address may
 * look like. Held and sent lower-case.
 */
@CustomScalar("EvmAddress")
@Description("An EVM address: \"0x\" and 40 hex digits. Accepted all lower-case, all upper-case or with a correct "
        + "EIP-55 checksum (a wrong checksum means a mistyped address); always sent lower-case.")
public record EvmAddress(String value) implements CustomStringScalar {

    private static final Pattern HEX_ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    /** Parses client input (or an address the server holds); a malformed address is a VALIDATION error. */
    public EvmAddress {
        value = normalize("EvmAddress", value);
    }

    /** An address the server already holds (stored lower-case, or from the chain). */
    public static EvmAddress of(String address) {
        return new EvmAddress(address);
    }

    /**
     * Returns the lower-case form. All-lower and all-upper hex are accepted as they are; mixed case must be a
     * correct EIP-55 checksum, since a wrong one means a mistyped address.
     */
    public static String normalize(String field, String text) {
        if (text == null || !HEX_ADDRESS.matcher(text).matches()) {
            throw OctoException.validation(field, "expected a 0x-prefixed 20-byte hex address");
        }
        String hex = text.substring(2);
        boolean mixedCase = !hex.equals(hex.toLowerCase(Locale.ROOT)) && !hex.equals(hex.toUpperCase(Locale.ROOT));
        if (mixedCase && !Keys.toChecksumAddress(text).equals(text)) {
            throw OctoException.validation(field, "EIP-55 checksum does not match");
        }
        return "0x" + hex.toLowerCase(Locale.ROOT);
    }

    @Override
    public String stringValueForSerialization() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
