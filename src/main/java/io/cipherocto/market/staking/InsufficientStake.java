package io.cipherocto.market.staking;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.OctoException;
import java.math.BigInteger;
import java.util.Map;

/** A wallet's mirrored stake is below what an action requires. */
public final class InsufficientStake extends OctoException {

    public enum Reason implements io.cipherocto.market.core.error.Reason {
        /** Staked (not counting what is unstaking) is below the minimum. */
        BELOW_MINIMUM,
        /** Staked minus the bonds the wallet already backs does not cover a new bond. */
        BOND_NOT_COVERED;

        @Override
        public ErrorCode code() {
            return ErrorCode.INSUFFICIENT_STAKE;
        }
    }

    private final BigInteger required;
    private final BigInteger available;

    InsufficientStake(String wallet, BigInteger required, BigInteger available) {
        this(Reason.BELOW_MINIMUM, "stake below the required minimum", wallet, required, available);
    }

    InsufficientStake(Reason reason, String message, String wallet, BigInteger required, BigInteger available) {
        super(reason, message, Map.of("wallet", wallet, "required", required.toString(),
                "available", available.toString()));
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
