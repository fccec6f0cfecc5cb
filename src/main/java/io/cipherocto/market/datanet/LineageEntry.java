package io.cipherocto.market.datanet;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** A contribution found walking lineage, with how far it is from where the walk started. */
@Type("LineageEntry")
@Description("A contribution reached by walking lineage: depth 1 are direct parents (or children), and so on. "
        + "Contributions the caller may not read are left out, and the walk does not go through them.")
public record LineageEntry(@NonNull int depth, @NonNull Contribution contribution) {
}
