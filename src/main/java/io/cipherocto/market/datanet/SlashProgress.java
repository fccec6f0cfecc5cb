package io.cipherocto.market.datanet;

import io.cipherocto.market.chain.ChainError;
import io.cipherocto.market.chain.ChainOutbox;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** How far a contribution's slash has got on chain, for curators to see a slash that does not go through. */
@Type("SlashProgress")
@Description("The slash transaction of a malicious contribution on its way to the chain. A slash that reverts (e.g. "
        + "the wallet unstaked) keeps being retried; `lastError` says why it has not gone through.")
public record SlashProgress(
        @NonNull SlashStatus status,
        @NonNull @Description("Sending attempts so far.") int attempts,
        @Description("Transaction that carries (or carried) the slash.") String txHash,
        @Description("Why the last attempt failed (REVERTED: the wallet's stake no longer covers it).") ChainError lastError) {

    public enum SlashStatus {
        /** Waiting to be sent (first time, or again after a failed attempt). */
        QUEUED,
        /** A replica is sending it. */
        SENDING,
        /** Mined or in flight; waiting for the mirrored Slashed event. */
        SENT,
        /** The Slashed event is mirrored. */
        MIRRORED
    }

    static SlashProgress of(ChainOutbox.Progress progress) {
        SlashStatus status = switch (progress.status()) {
            case PENDING -> SlashStatus.QUEUED;
            case SENDING -> SlashStatus.SENDING;
            case SENT -> SlashStatus.SENT;
            case DONE -> SlashStatus.MIRRORED;
        };
        return new SlashProgress(status, progress.attempts(), progress.txHash(), progress.lastError());
    }
}
