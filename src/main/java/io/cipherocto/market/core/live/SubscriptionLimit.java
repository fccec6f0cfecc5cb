package io.cipherocto.market.core.live;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.Reason;

/** Why a subscription was refused with {@code RATE_LIMITED} (see {@link LiveConnections}). */
public enum SubscriptionLimit implements Reason {
    /** The connection already carries {@code octo.subscriptions.max-per-connection} live operations. */
    SUBSCRIPTIONS_PER_CONNECTION;

    @Override
    public ErrorCode code() {
        return ErrorCode.RATE_LIMITED;
    }
}
