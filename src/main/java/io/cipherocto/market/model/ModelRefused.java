package io.cipherocto.market.model;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.OctoException;
import java.util.Map;
import java.util.UUID;

/** A model command refused for this caller. */
public final class ModelRefused extends OctoException {

    public enum Reason implements io.cipherocto.market.core.error.Reason {
        /** Only a model's owner may change it or fine-tune it. */
        NOT_MODEL_OWNER(ErrorCode.FORBIDDEN);

        private final ErrorCode code;

        Reason(ErrorCode code) {
            this.code = code;
        }

        @Override
        public ErrorCode code() {
            return code;
        }
    }

    private ModelRefused(Reason reason, String message, Map<String, Object> ids) {
        super(reason, message, ids);
    }

    static ModelRefused notOwner(UUID modelId) {
        return new ModelRefused(Reason.NOT_MODEL_OWNER, "only the model's owner may do this",
                Map.of("modelId", modelId.toString()));
    }
}
