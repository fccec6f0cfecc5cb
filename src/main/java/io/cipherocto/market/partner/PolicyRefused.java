package io.cipherocto.market.partner;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.OctoException;
import java.util.Map;

/** An access-policy edit that cannot be applied as asked. */
public final class PolicyRefused extends OctoException {

    public enum Reason implements io.cipherocto.market.core.error.Reason {
        /**
         * Another admin changed the policy since the version you edited (details: expectedVersion, version): read
         * `accessPolicy` again, reapply your change, and send it with the new version.
         */
        STALE_POLICY_VERSION(ErrorCode.CONFLICT);

        private final ErrorCode code;

        Reason(ErrorCode code) {
            this.code = code;
        }

        @Override
        public ErrorCode code() {
            return code;
        }
    }

    private PolicyRefused(Reason reason, String message, Map<String, Object> identifiers) {
        super(reason, message, identifiers);
    }

    static PolicyRefused stale(int expected, int current) {
        return new PolicyRefused(Reason.STALE_POLICY_VERSION, "the policy is at version " + current + ", not "
                + expected, Map.of("expectedVersion", expected, "version", current));
    }
}
