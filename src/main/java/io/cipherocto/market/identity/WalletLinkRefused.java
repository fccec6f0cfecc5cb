package io.cipherocto.market.identity;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.OctoException;
import java.util.Map;

/** Linking a wallet clashes with the current state: the challenge, or who already owns the wallet. */
public final class WalletLinkRefused extends OctoException {

    public enum Reason implements io.cipherocto.market.core.error.Reason {
        /** The newest challenge for this address was already used. */
        CHALLENGE_USED,
        /** The newest challenge for this address has expired. */
        CHALLENGE_EXPIRED,
        /** The wallet is already linked to the caller. */
        WALLET_ALREADY_LINKED,
        /** Another participant linked this wallet. */
        WALLET_OWNED_BY_OTHER;

        @Override
        public ErrorCode code() {
            return ErrorCode.CONFLICT;
        }
    }

    private final Reason reason;

    private WalletLinkRefused(Reason reason, String message, String address) {
        super(reason, message, Map.of("address", address));
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static WalletLinkRefused challengeUsed(String address) {
        return new WalletLinkRefused(Reason.CHALLENGE_USED, "challenge already used; request a new one", address);
    }

    static WalletLinkRefused challengeExpired(String address) {
        return new WalletLinkRefused(Reason.CHALLENGE_EXPIRED, "challenge expired; request a new one", address);
    }

    static WalletLinkRefused alreadyLinked(String address) {
        return new WalletLinkRefused(Reason.WALLET_ALREADY_LINKED, "wallet already linked to you", address);
    }

    static WalletLinkRefused ownedByOther(String address) {
        return new WalletLinkRefused(Reason.WALLET_OWNED_BY_OTHER, "wallet linked to another participant", address);
    }
}
