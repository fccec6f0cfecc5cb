package io.cipherocto.market.core.live;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.Reason;

/** Why a subscription was refused with {@code RATE_LIMITED} (see {@link LiveConnections}). */
public enum SubscriptionLimit implements Reason {
    /** The connection already carries {@code octo.subscriptions.max-per-connection} live operations. */
    SUBSCRIPTIONS_PER_CONNECTION,
    /**
     * This server already carries {@code octo.subscriptions.max-per-replica} live operations (each holds memory):
     * retry with backoff; another replica, or this one later, takes it.
     */
    SUBSCRIPTIONS_PER_REPLICA,
    /**
     * The subscriber fell too far behind (its events filled the per-subscription buffer, or the socket's write queue
     * filled): the operation ends (the connection closes with 4431 for a full socket); resume with the last cursor.
     */
    SLOW_CONSUMER;

    @Override
    public ErrorCode code() {
        return ErrorCode.RATE_LIMITED;
    }
}
