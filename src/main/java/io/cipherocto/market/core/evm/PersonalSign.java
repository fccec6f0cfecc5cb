package io.cipherocto.market.core.evm;

import io.cipherocto.market.core.error.OctoException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/** EIP-191 {@code personal_sign} verification: which address signed this text. */
public final class PersonalSign {

    private static final Pattern SIGNATURE = Pattern.compile("0x[0-9a-fA-F]{130}");

    private PersonalSign() {
    }

    /** The lower-case address whose key produced {@code signature} over {@code message}. */
    public static String recoverAddress(String message, String signature, String field) {
        if (signature == null || !SIGNATURE.matcher(signature).matches()) {
            throw OctoException.validation(field, "expected a 0x-prefixed 65-byte hex signature");
        }
        byte[] bytes = Numeric.hexStringToByteArray(signature);
        byte v = bytes[64];
        if (v < 27) {
            v += 27;
        }
        if (v != 27 && v != 28) {
            throw OctoException.validation(field, "recovery id must be 0, 1, 27 or 28");
        }
        Sign.SignatureData data = new Sign.SignatureData(v, Arrays.copyOfRange(bytes, 0, 32),
                Arrays.copyOfRange(bytes, 32, 64));
        try {
            BigInteger publicKey = Sign.signedPrefixedMessageToKey(message.getBytes(StandardCharsets.UTF_8), data);
            return "0x" + Keys.getAddress(publicKey);
        } catch (SignatureException | IllegalArgumentException e) {
            throw OctoException.validation(field, "not a valid secp256k1 signature");
        }
    }
}
