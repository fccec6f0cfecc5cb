package io.cipherocto.market.partner;

import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** One version of the access policy: its lines per audience, and who made it, when and why. */
@Type("AccessPolicy")
@Description("One version of the access policy: a line per audience, and who made it, when and why. The highest "
        + "version is in force on every replica.")
public record PolicyVersion(
        @NonNull Integer version,
        @NonNull @Description("The admin who made this version (username), or `migration`.") String changedBy,
        @NonNull OffsetDateTime changedAt,
        @NonNull String reason,
        @NonNull List<@NonNull Entitlements> entitlements) {

    /** The line for {@code audience} (every version has one per audience). */
    public Entitlements of(Audience audience) {
        return entitlements.get(audience.ordinal());
    }
}
