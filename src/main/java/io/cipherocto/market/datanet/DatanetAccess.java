package io.cipherocto.market.datanet;

import java.time.OffsetDateTime;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** What the caller may do with a datanet. */
@Type("DatanetAccess")
@Description("The caller's rights on a datanet. Anonymous callers read OPEN datanets only.")
public record DatanetAccess(
        @NonNull @Description("May read the contributions (storage URIs, lineage).") boolean canRead,
        @NonNull boolean canCurate,
        @NonNull @org.eclipse.microprofile.graphql.Name("isOwner") boolean isOwner,
        @Description("The caller's newest access request, if any.") DatanetAccessRequest latestRequest,
        @Description("When a rejected caller may ask again; null when they may now (or need not).")
        OffsetDateTime requestAgainAt) {
}
