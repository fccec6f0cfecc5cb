package io.cipherocto.market.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The quota arithmetic: rounding directions, and parts that always add up to the price, however usage is split. */
class QuotaPricingTest {

    @Test
    void thePriceRoundsUpAndReleasesAddUpToThePriceUnderAnySplit() {
        assertThat(QuotaPricing.price(1, BigInteger.ONE)).isEqualTo(BigInteger.ONE);
        assertThat(QuotaPricing.price(1_000_000, BigInteger.ONE)).isEqualTo(BigInteger.ONE);
        assertThat(QuotaPricing.price(1_000_001, BigInteger.ONE)).isEqualTo(BigInteger.TWO);
        BigInteger huge = BigInteger.TWO.pow(255);
        assertThat(QuotaPricing.price(1_000_000, huge)).isEqualTo(huge);
        assertThat(QuotaPricing.feeTotal(BigInteger.ONE, 500)).isZero();
        assertThat(QuotaPricing.feeTotal(huge, 10_000)).isEqualTo(huge);

        Random random = new Random(42);
        for (int round = 0; round < 2_000; round++) {
            long tokens = 1 + random.nextInt(1_000_000);
            BigInteger price = random.nextBoolean() ? huge.subtract(BigInteger.valueOf(random.nextInt(1000)))
                    : BigInteger.valueOf(1 + random.nextInt(10_000));
            int bps = random.nextInt(10_001);
            long used = 0;
            BigInteger released = BigInteger.ZERO;
            BigInteger fee = BigInteger.ZERO;
            BigInteger seller = BigInteger.ZERO;
            while (used < tokens && random.nextInt(8) != 0) {
                long report = 1 + (long) random.nextInt((int) Math.min(tokens - used, Integer.MAX_VALUE));
                used += report;
                BigInteger r = QuotaPricing.releasedTotal(price, used, tokens);
                BigInteger f = QuotaPricing.feeTotal(r, bps);
                assertThat(r.subtract(released)).isNotNegative();
                assertThat(f.subtract(fee)).isNotNegative().isLessThanOrEqualTo(r.subtract(released));
                seller = seller.add(r.subtract(released).subtract(f.subtract(fee)));
                released = r;
                fee = f;
            }
            BigInteger refund = price.subtract(released);
            assertThat(seller.add(fee).add(refund)).isEqualTo(price);
            assertThat(fee).isEqualTo(QuotaPricing.feeTotal(released, bps));
            if (used == tokens) {
                assertThat(refund).isZero();
            }
        }
    }
}
