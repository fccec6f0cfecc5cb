package io.cipherocto.market.chain;

import io.cipherocto.market.core.error.ErrorCode;
import io.cipherocto.market.core.error.OctoException;
import java.util.Map;

/** The node did not answer. Work that can wait is queued; a call that needs the node now fails with this. */
public class ChainUnavailableException extends OctoException {

    public ChainUnavailableException(Throwable cause) {
        super(ErrorCode.UNAVAILABLE, "the chain node is unreachable; try again shortly", Map.of("dependency", "chain"),
                cause);
    }
}
