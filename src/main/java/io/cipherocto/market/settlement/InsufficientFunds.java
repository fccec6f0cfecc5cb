package io.cipherocto.market.settlement;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.OctoException;
import java.math.BigInteger;
import java.util.Map;

/** A posting would take an account below zero; the database refused it and nothing was written. */
public final class InsufficientFunds extends OctoException {

    public enum Reason implements io.cipherocto.market.core.error.Reason {
        /** The named account holds less than the movement needs. */
        BALANCE_TOO_LOW;

        @Override
        public ErrorCode code() {
            return ErrorCode.INSUFFICIENT_FUNDS;
        }
    }

    InsufficientFunds(AccountKind account, BigInteger required, BigInteger available) {
        super(Reason.BALANCE_TOO_LOW, "insufficient funds in " + account.name().toLowerCase(java.util.Locale.ROOT)
                + " balance", Map.of("account", account.name(), "required", required.toString(),
                "available", available.toString()));
    }
}
