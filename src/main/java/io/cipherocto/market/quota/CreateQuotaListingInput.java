package io.cipherocto.market.quota;

import io.cipherocto.market.core.scalar.TokenAmount;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/** A new quota listing; token counts are decimal strings. */
@Input("CreateQuotaListingInput")
public record CreateQuotaListingInput(
        @NonNull QuotaProvider provider,
        @NonNull String modelFamily,
        @NonNull String totalTokens,
        @NonNull TokenAmount pricePerMillion,
        @NonNull @Description("What the provider charges per million tokens.") TokenAmount facePricePerMillion,
        @Description("Smallest purchase (default 1).") String minimumTokens,
        @NonNull OffsetDateTime expiresAt,
        @NonNull @Description("Your gateway's reference for delivery (a URL or id), never an API key.")
        String gatewayReference,
        @Description("The provider's approval you attest, required when the provider's policy is REQUIRES_APPROVAL.")
        String approvalReference,
        @Description("A private listing: seen and bought only by your partner organisation's participants (and "
                + "admins). Default false.") Boolean partnerOnly) {
}
