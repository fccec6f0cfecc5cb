package io.cipherocto.market.agent;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.OctoException;
import java.util.Map;
import java.util.UUID;

/** An agent command refused for this caller or in the agent's current state. */
public final class AgentRefused extends OctoException {

    public enum Reason implements io.cipherocto.market.core.error.Reason {
        /** Only an agent's owner may change, list or delist it, or read its usage. */
        NOT_AGENT_OWNER(ErrorCode.FORBIDDEN),
        /** The agent's status does not allow the step (e.g. delisting a DRAFT). */
        ILLEGAL_AGENT_TRANSITION(ErrorCode.CONFLICT),
        /** Only a LISTED agent accepts usage. */
        AGENT_NOT_LISTED(ErrorCode.CONFLICT),
        /** The idempotency key was already used for a different request (another consumer or number of calls). */
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

    private AgentRefused(Reason reason, String message, Map<String, Object> ids) {
        super(reason, message, ids);
    }

    static AgentRefused notOwner(UUID agentId) {
        return new AgentRefused(Reason.NOT_AGENT_OWNER, "only the agent's owner may do this",
                Map.of("agentId", agentId.toString()));
    }

    static AgentRefused illegalTransition(UUID agentId, AgentStatus status, AgentStatus to) {
        return new AgentRefused(Reason.ILLEGAL_AGENT_TRANSITION, "the agent is " + status + " and cannot become " + to,
                Map.of("agentId", agentId.toString(), "status", status.name(), "to", to.name()));
    }

    static AgentRefused notListed(UUID agentId, AgentStatus status) {
        return new AgentRefused(Reason.AGENT_NOT_LISTED, "only a listed agent accepts usage",
                Map.of("agentId", agentId.toString(), "status", status.name()));
    }

    static AgentRefused keyReused(UUID agentId, String key) {
        return new AgentRefused(Reason.IDEMPOTENCY_KEY_REUSED,
                "the idempotency key was already used for a different request",
                Map.of("agentId", agentId.toString(), "idempotencyKey", key));
    }
}
