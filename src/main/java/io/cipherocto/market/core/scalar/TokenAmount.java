package io.cipherocto.market.core.scalar;

import io.cipherocto.market.core.error.OctoException;
import io.smallrye.graphql.api.CustomScalar;
import io.smallrye.graphql.api.CustomStringScalar;
import java.math.BigInteger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.graphql.Description;

/**
 * An amount of OCTO in base units (18 decimals), sent as a decimal string so no JavaScript client
 * rounds it. Never negative, never above 2^256-1 (the EVM's uint256).
 */
@CustomScalar("TokenAmount")
@Description("Token amount in base units (10^-18 OCTO) as a decimal string, 0 .. 2^256-1, e.g. \"1500000000000000000\" for 1.5 OCTO.")
public record TokenAmount(BigInteger value) implements CustomStringScalar, Comparable<TokenAmount> {

    public static final BigInteger MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
    public static final TokenAmount ZERO = new TokenAmount(BigInteger.ZERO);
    private static final Pattern DIGITS = Pattern.compile("0|[1-9][0-9]{0,77}");

    /** An amount the server computed: out of range is a bug, not client input. */
    public TokenAmount {
        if (value == null || value.signum() < 0 || value.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("token amount out of range: " + value);
        }
    }

    /** Parses client input; the message names what is wrong, never echoes more than 100 characters. */
    public TokenAmount(String text) {
        this(parse(text));
    }

    public static TokenAmount of(BigInteger value) {
        return new TokenAmount(value);
    }

    private static BigInteger parse(String text) {
        if (text == null || !DIGITS.matcher(text).matches()) {
            throw OctoException.validation("TokenAmount",
                    "expected a non-negative whole number of base units as a decimal string");
        }
        BigInteger parsed = new BigInteger(text);
        if (parsed.compareTo(MAX) > 0) {
            throw OctoException.validation("TokenAmount", "exceeds 2^256-1");
        }
        return parsed;
    }

    @Override
    public String stringValueForSerialization() {
        return value.toString();
    }

    @Override
    public int compareTo(TokenAmount other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
