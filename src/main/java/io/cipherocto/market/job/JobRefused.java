package io.cipherocto.market.job;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.OctoException;
import java.util.Map;
import java.util.UUID;

/** A job command or subscription clashes with the job's state or with who is asking. */
public final class JobRefused extends OctoException {

    public enum Reason implements io.cipherocto.market.core.error.Reason {
        /** The job is neither yours (as its consumer or its current operator) nor are you an admin. */
        NOT_JOB_PARTY(ErrorCode.FORBIDDEN),
        /** Only the operator holding the job may heartbeat or complete it. */
        NOT_JOB_OPERATOR(ErrorCode.FORBIDDEN),
        /** Register as an operator (registerOperator) before claiming jobs or subscribing to the operator feed. */
        OPERATOR_NOT_REGISTERED(ErrorCode.FORBIDDEN),
        /** The attestation was not signed by the operator's registered wallet. */
        ATTESTATION_SIGNER_MISMATCH(ErrorCode.FORBIDDEN),
        /** The job asks for another GPU class or more memory than the operator advertises. */
        CAPACITY_MISMATCH(ErrorCode.CONFLICT),
        /** The job's state does not allow this move (details: state, to). */
        ILLEGAL_JOB_TRANSITION(ErrorCode.CONFLICT),
        /** The idempotency key was used before with a different submission. */
        IDEMPOTENCY_KEY_REUSED(ErrorCode.CONFLICT);

        private final ErrorCode code;

        Reason(ErrorCode code) {
            this.code = code;
        }

        @Override
        public ErrorCode code() {
            return code;
        }
    }

    private JobRefused(Reason reason, String message, Map<String, Object> identifiers) {
        super(reason, message, identifiers);
    }

    static JobRefused notParty(UUID job) {
        return new JobRefused(Reason.NOT_JOB_PARTY, "not your job", Map.of("jobId", job.toString()));
    }

    static JobRefused notOperator(UUID job) {
        return new JobRefused(Reason.NOT_JOB_OPERATOR, "another operator holds this job (or none does)",
                Map.of("jobId", job.toString()));
    }

    static JobRefused notRegistered() {
        return new JobRefused(Reason.OPERATOR_NOT_REGISTERED, "register as an operator first (registerOperator)",
                Map.of("action", "CLAIM_JOB"));
    }

    static JobRefused signerMismatch(UUID job, String signer, String expected) {
        return new JobRefused(Reason.ATTESTATION_SIGNER_MISMATCH,
                "the attestation was signed by " + signer + ", not by the operator's wallet " + expected,
                Map.of("jobId", job.toString(), "signer", signer, "expected", expected));
    }

    static JobRefused capacity(UUID job, String gpuClass, int memoryGb) {
        return new JobRefused(Reason.CAPACITY_MISMATCH, "the job needs " + gpuClass + " with " + memoryGb
                + " GB, which your registration does not offer",
                Map.of("jobId", job.toString(), "gpuClass", gpuClass, "memoryGb", memoryGb));
    }

    static JobRefused illegal(UUID job, JobState state, JobState to) {
        return new JobRefused(Reason.ILLEGAL_JOB_TRANSITION, "a " + state + " job cannot become " + to,
                Map.of("jobId", job.toString(), "state", state.name(), "to", to.name()));
    }

    static JobRefused keyReused(String key) {
        return new JobRefused(Reason.IDEMPOTENCY_KEY_REUSED, "this idempotency key was used for another submission",
                Map.of("idempotencyKey", key));
    }
}
