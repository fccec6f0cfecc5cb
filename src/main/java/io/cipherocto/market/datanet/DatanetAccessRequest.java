package io.cipherocto.market.datanet;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** A participant's request to read a GATED datanet, and the curators' decision. */
@Type("DatanetAccessRequest")
public record DatanetAccessRequest(
        @NonNull @Id UUID id,
        @NonNull @Description("Why the requester wants access.") String reason,
        @NonNull Status status,
        @NonNull OffsetDateTime requestedAt,
        OffsetDateTime decidedAt,
        @Description("Why the curator decided so; always set for a rejection.") String decisionReason,
        @NonNull @Description("Pending for longer than the curators' response target (README, Datanets).")
        boolean overdue,
        @Ignore UUID datanetId,
        @Ignore UUID requesterId,
        @Ignore UUID decidedById) {

    @org.eclipse.microprofile.graphql.Enum("DatanetAccessRequestStatus")
    public enum Status {
        PENDING, APPROVED, REJECTED
    }
}
