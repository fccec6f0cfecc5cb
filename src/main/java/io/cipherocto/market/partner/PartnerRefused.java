package io.cipherocto.market.partner;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.OctoException;
import java.util.Map;
import java.util.UUID;

/** A lifecycle move that the organisation's stage does not allow. */
public final class PartnerRefused extends OctoException {

    public enum Reason implements io.cipherocto.market.core.error.Reason {
        /** The lifecycle has no move from the organisation's stage to the one asked for (details: stage, to). */
        ILLEGAL_PARTNER_TRANSITION(ErrorCode.CONFLICT),
        /** The organisation is no longer in the stage the caller expected (details: stage, expectedStage). */
        STALE_PARTNER_STAGE(ErrorCode.CONFLICT);

        private final ErrorCode code;

        Reason(ErrorCode code) {
            this.code = code;
        }

        @Override
        public ErrorCode code() {
            return code;
        }
    }

    private PartnerRefused(Reason reason, String message, Map<String, Object> identifiers) {
        super(reason, message, identifiers);
    }

    static PartnerRefused illegal(UUID organisation, PartnerStage stage, PartnerStage to) {
        return new PartnerRefused(Reason.ILLEGAL_PARTNER_TRANSITION, "an organisation in " + stage
                + " cannot move to " + to, Map.of("organisationId", organisation.toString(), "stage", stage.name(),
                "to", to.name()));
    }

    static PartnerRefused stale(UUID organisation, PartnerStage stage, PartnerStage expected) {
        return new PartnerRefused(Reason.STALE_PARTNER_STAGE, "the organisation is in " + stage + ", not "
                + expected + ": it moved since you looked", Map.of("organisationId", organisation.toString(),
                "stage", stage.name(), "expectedStage", expected.name()));
    }
}
