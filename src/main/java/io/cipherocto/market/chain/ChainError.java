package io.cipherocto.market.chain;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** The last failure talking to the chain, as an API field: a code and a sentence, never internals. */
@Type("ChainError")
@Description("The last failure talking to the chain: a code to switch on and a sentence to show. Retried.")
public record ChainError(@NonNull ChainFailure code, @NonNull String message, OffsetDateTime at) {

    public static ChainError of(ChainFailure code, OffsetDateTime at) {
        return code == null ? null : new ChainError(code, code.sentence(), at);
    }
}
