package io.cipherocto.market.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.OctoException;
import io.cipherocto.market.core.scalar.TokenAmount;
import java.math.BigInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenAmountTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "1500000000000000000",
            "115792089237316195423570985008687907853269984665640564039457584007913129639935"})
    void acceptsWholeNumbersUpToUint256Max(String text) {
        TokenAmount amount = new TokenAmount(text);
        assertThat(amount.value()).isEqualTo(new BigInteger(text));
        assertThat(amount.stringValueForSerialization()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "1e18", "", " 1", "0x10", "01", "abc",
            "115792089237316195423570985008687907853269984665640564039457584007913129639936"})
    void rejectsAnythingElseAsValidation(String text) {
        assertThatThrownBy(() -> new TokenAmount(text))
                .isInstanceOfSatisfying(OctoException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION));
    }
}
