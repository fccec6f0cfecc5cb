package io.cipherocto.market.identity;

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
        @NonNull @Description("Lower-case 0x-prefixed address.") String address,
        @Ignore UUID participantId,
        @NonNull OffsetDateTime linkedAt) {
}
