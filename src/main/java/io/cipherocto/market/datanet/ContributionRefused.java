package io.cipherocto.market.datanet;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.OctoException;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/** A contribution command clashes with the contribution's state or with who is asking. */
public final class ContributionRefused extends OctoException {

    public enum Reason implements io.cipherocto.market.core.error.Reason {
        /** The contribution's state does not allow the step (e.g. accepting a REJECTED one). */
        ILLEGAL_TRANSITION(ErrorCode.CONFLICT),
        /** The challenge window closed (or the contribution was never accepted). */
        CHALLENGE_WINDOW_CLOSED(ErrorCode.CONFLICT),
        /** Curators do not review, challenge or resolve their own contributions. */
        OWN_CONTRIBUTION(ErrorCode.FORBIDDEN),
        /** The curator who accepted a contribution does not resolve the challenge against it. */
        ACCEPTED_BY_YOU(ErrorCode.FORBIDDEN),
        /** The datanet is GATED and the caller has no access (request it first). */
        NO_DATANET_ACCESS(ErrorCode.FORBIDDEN);

        private final ErrorCode code;

        Reason(ErrorCode code) {
            this.code = code;
        }

        @Override
        public ErrorCode code() {
            return code;
        }
    }

    private ContributionRefused(Reason reason, String message, Map<String, Object> identifiers) {
        super(reason, message, identifiers);
    }

    static ContributionRefused illegal(UUID contribution, ContributionState state, ContributionState to) {
        return new ContributionRefused(Reason.ILLEGAL_TRANSITION, "a " + state + " contribution cannot become " + to,
                Map.of("contribution", contribution.toString(), "state", state.name(), "to", to.name()));
    }

    static ContributionRefused windowClosed(UUID contribution, OffsetDateTime endedAt) {
        return new ContributionRefused(Reason.CHALLENGE_WINDOW_CLOSED, "the challenge window has closed",
                endedAt == null ? Map.of("contribution", contribution.toString())
                        : Map.of("contribution", contribution.toString(), "challengeEndsAt", endedAt.toString()));
    }

    static ContributionRefused ownContribution(UUID contribution) {
        return new ContributionRefused(Reason.OWN_CONTRIBUTION, "not on your own contribution",
                Map.of("contribution", contribution.toString(), "action", "CURATE"));
    }

    static ContributionRefused acceptedByYou(UUID contribution) {
        return new ContributionRefused(Reason.ACCEPTED_BY_YOU,
                "another curator than the one who accepted resolves the challenge",
                Map.of("contribution", contribution.toString(), "action", "CURATE"));
    }

    static ContributionRefused noAccess(UUID datanet) {
        return new ContributionRefused(Reason.NO_DATANET_ACCESS, "this datanet is gated: request access first",
                Map.of("datanetId", datanet.toString(), "action", "SUBMIT_CONTRIBUTION"));
    }
}
