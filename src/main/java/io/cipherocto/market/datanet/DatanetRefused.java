package io.cipherocto.market.datanet;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.OctoException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A datanet command refused for this caller or in the datanet's current state. */
public final class DatanetRefused extends OctoException {

    public enum Reason implements io.cipherocto.market.core.error.Reason {
        /** Only the datanet's owner may change its metadata, policy, terms and curators. */
        NOT_DATANET_OWNER(ErrorCode.FORBIDDEN),
        /** Only the datanet's curators may see or decide its access requests and grants. */
        NOT_DATANET_CURATOR(ErrorCode.FORBIDDEN),
        /** The owner is always a curator of their datanet. */
        OWNER_NOT_REMOVABLE(ErrorCode.CONFLICT),
        /** The caller can already read the datanet (OPEN, a curator, or granted). */
        ALREADY_HAS_ACCESS(ErrorCode.CONFLICT),
        /** The caller's last request was rejected recently; they may ask again at {@code retryAt}. */
        ACCESS_REQUEST_COOLDOWN(ErrorCode.CONFLICT),
        /** The access request was already approved or rejected. */
        ACCESS_REQUEST_NOT_PENDING(ErrorCode.CONFLICT);

        private final ErrorCode code;

        Reason(ErrorCode code) {
            this.code = code;
        }

        @Override
        public ErrorCode code() {
            return code;
        }
    }

    private DatanetRefused(io.cipherocto.market.core.error.Reason reason, String message, Map<String, Object> ids) {
        super(reason, message, ids);
    }

    static DatanetRefused notOwner(UUID datanetId) {
        return new DatanetRefused(Reason.NOT_DATANET_OWNER, "only the datanet's owner may do this",
                Map.of("datanetId", datanetId.toString()));
    }

    static DatanetRefused notCurator(UUID datanetId) {
        return new DatanetRefused(Reason.NOT_DATANET_CURATOR, "only the datanet's curators may do this",
                Map.of("datanetId", datanetId.toString()));
    }

    static DatanetRefused ownerNotRemovable(UUID datanetId) {
        return new DatanetRefused(Reason.OWNER_NOT_REMOVABLE, "the owner cannot stop curating their datanet",
                Map.of("datanetId", datanetId.toString()));
    }

    static DatanetRefused alreadyHasAccess(UUID datanetId) {
        return new DatanetRefused(Reason.ALREADY_HAS_ACCESS, "you can already read this datanet",
                Map.of("datanetId", datanetId.toString()));
    }

    static DatanetRefused alreadyRequested(UUID datanetId) {
        return new DatanetRefused(io.cipherocto.market.core.error.ConstraintConflict.ACCESS_ALREADY_REQUESTED,
                "your access request is still pending", Map.of("datanetId", datanetId.toString()));
    }

    static DatanetRefused cooldown(UUID datanetId, Instant retryAt) {
        return new DatanetRefused(Reason.ACCESS_REQUEST_COOLDOWN, "your last request was rejected; ask again later",
                Map.of("datanetId", datanetId.toString(), "retryAt", retryAt.toString()));
    }

    static DatanetRefused notPending(UUID requestId) {
        return new DatanetRefused(Reason.ACCESS_REQUEST_NOT_PENDING, "the access request was already decided",
                Map.of("id", requestId.toString()));
    }
}
