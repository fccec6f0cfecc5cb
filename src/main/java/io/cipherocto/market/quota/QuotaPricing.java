package io.cipherocto.market.quota;

import java.math.BigInteger;

/**
 * The quota arithmetic, exact to the base unit (README "Resold AI quotas", rounding). The buyer pays the face price
 * rounded up; releases are cumulative (computed from the total used so far, never summed from rounded pieces), so
 * however usage is split into reports the seller, the platform and the buyer's refund add up to the price exactly.
 */
public final class QuotaPricing {

    static final BigInteger MILLION = BigInteger.valueOf(1_000_000);
    private static final BigInteger BPS = BigInteger.valueOf(10_000);

    private QuotaPricing() {
    }

    /** ceil(tokens × pricePerMillion / 1,000,000): the buyer never pays less than the face price. */
    public static BigInteger price(long tokens, BigInteger pricePerMillion) {
        BigInteger[] qr = BigInteger.valueOf(tokens).multiply(pricePerMillion).divideAndRemainder(MILLION);
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }

    /** floor(price × used / tokens): the part of the price released once {@code used} tokens were delivered. */
    public static BigInteger releasedTotal(BigInteger price, long used, long tokens) {
        return price.multiply(BigInteger.valueOf(used)).divide(BigInteger.valueOf(tokens));
    }

    /** floor(released × feeBps / 10,000): the platform's part of what was released so far. */
    public static BigInteger feeTotal(BigInteger released, int feeBps) {
        return released.multiply(BigInteger.valueOf(feeBps)).divide(BPS);
    }
}
