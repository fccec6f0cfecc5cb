package io.cipherocto.market.staking;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.OctoException;
import java.math.BigInteger;
import java.util.Map;

/** A wallet's mirrored stake is below what an action requires. */
public final class InsufficientStake extends OctoException {

    public enum Reason implements io.cipherocto.market.core.error.Reason {
        /** Staked (not counting what is unstaking) is below the minimum. */
        BELOW_MINIMUM;

        @Override
        public ErrorCode code() {
            return ErrorCode.INSUFFICIENT_STAKE;
        }
    }

    private final BigInteger required;
    private final BigInteger available;

    InsufficientStake(String wallet, BigInteger required, BigInteger available) {
        super(Reason.BELOW_MINIMUM, "stake below the required minimum", Map.of("wallet", wallet,
                "required", required.toString(), "available", available.toString()));
        this.required = required;
        this.available = available;
    }

    public BigInteger required() {
        return required;
    }

    public BigInteger available() {
        return available;
    }
}
