package io.cipherocto.market.core.evm;

import io.cipherocto.market.core.error.OctoException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.web3j.crypto.Keys;

/** Parsing of client-supplied EVM addresses: the one rule for what an address may look like. */
public final class EvmAddress {

    private static final Pattern HEX_ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    private EvmAddress() {
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
}
