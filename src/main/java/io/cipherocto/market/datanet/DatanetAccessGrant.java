package io.cipherocto.market.datanet;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** Read access to a GATED datanet for one participant or a whole partner organisation. */
@Type("DatanetAccessGrant")
public record DatanetAccessGrant(
        @NonNull @Id UUID id,
        @Description("The partner organisation granted (every participant with this partner id); null for a "
                + "participant grant.") String partnerId,
        @NonNull OffsetDateTime grantedAt,
        @Ignore UUID datanetId,
        @Ignore UUID participantId,
        @Ignore UUID grantedById) {
}
