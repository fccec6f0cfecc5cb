package io.cipherocto.market.datanet;

import io.cipherocto.market.identity.Participant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** A participant curating a datanet, loaded with the curators in one statement. */
@Type("DatanetCurator")
public record DatanetCurator(@Ignore UUID datanetId, @NonNull Participant participant, @NonNull OffsetDateTime addedAt,
        @NonNull @org.eclipse.microprofile.graphql.Name("isOwner") boolean isOwner) {
}
