package io.cipherocto.market.identity;

import io.cipherocto.market.core.scalar.EvmAddress;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** An EVM address proven to belong to a participant. */
@Type("Wallet")
@Description("An EVM address whose owner proved control with an EIP-191 signature.")
public record Wallet(
        @NonNull EvmAddress address,
        @Ignore UUID participantId,
        @NonNull OffsetDateTime linkedAt) {
}
