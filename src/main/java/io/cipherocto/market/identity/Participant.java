package io.cipherocto.market.identity;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** A person or organisation acting on the marketplace, known by its OIDC subject. */
@Type("Participant")
@Description("A person or organisation on the marketplace. Roles and partner tier mirror the last token seen.")
public record Participant(
        @NonNull @Id UUID id,
        @NonNull String username,
        @NonNull List<@NonNull Role> roles,
        String partnerId,
        PartnerTier partnerTier,
        @NonNull OffsetDateTime createdAt,
        @NonNull @Description("Last change to the participant or its wallets.") OffsetDateTime updatedAt) {
}
