package io.cipherocto.market.datanet;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** One entry of a datanet's change log: who changed what, when. */
@Type("DatanetChange")
public record DatanetChange(
        @NonNull @Id @Description("Sequence number, as a string.") String id,
        @NonNull Kind change,
        @NonNull @Description("What changed, as JSON text (e.g. {\"policy\":{\"from\":\"OPEN\",\"to\":\"GATED\"}}).")
        String detail,
        @NonNull OffsetDateTime at,
        @Ignore long sequence,
        @Ignore UUID datanetId,
        @Ignore UUID actorId) {

    @org.eclipse.microprofile.graphql.Enum("DatanetChangeKind")
    public enum Kind {
        CREATED, METADATA_UPDATED, TERMS_UPDATED, POLICY_CHANGED, CURATOR_ADDED, CURATOR_REMOVED, ACCESS_GRANTED,
        ACCESS_REVOKED
    }
}
