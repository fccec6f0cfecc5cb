package io.cipherocto.market.settlement;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.OctoException;
import java.util.Map;

/** A withdrawal clashes with the participant's current state. */
public final class WithdrawalRefused extends OctoException {

    public enum Reason implements io.cipherocto.market.core.error.Reason {
        /** The participant already has the most queued (unpaid) withdrawals allowed. */
        TOO_MANY_QUEUED_WITHDRAWALS;

        @Override
        public ErrorCode code() {
            return ErrorCode.CONFLICT;
        }
    }

    private WithdrawalRefused(Reason reason, String message, Map<String, Object> identifiers) {
        super(reason, message, identifiers);
    }

    static WithdrawalRefused tooManyQueued(int limit) {
        return new WithdrawalRefused(Reason.TOO_MANY_QUEUED_WITHDRAWALS,
                "already " + limit + " withdrawals on their way; wait until one is paid", Map.of("limit", limit));
    }
}
