package io.cipherocto.market.datanet;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** A participant curating a datanet (the participant itself is a batched field). */
@Type("DatanetCurator")
public record DatanetCurator(@Ignore UUID datanetId, @Ignore UUID participantId, @NonNull OffsetDateTime addedAt,
        @NonNull @org.eclipse.microprofile.graphql.Name("isOwner") boolean isOwner) {
}
