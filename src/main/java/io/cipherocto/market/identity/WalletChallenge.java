package io.cipherocto.market.identity;

import io.cipherocto.market.core.scalar.EvmAddress;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** The message a wallet owner signs to link the wallet. */
@Type("WalletChallenge")
@Description("Sign `message` with personal_sign (EIP-191) from `address`, then call linkWallet before `expiresAt`.")
public record WalletChallenge(
        @NonNull EvmAddress address,
        @NonNull String nonce,
        @NonNull String message,
        @NonNull OffsetDateTime expiresAt) {
}
