package io.cipherocto.market.model;

import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** A model version with the versions it was derived from and the versions derived from it. */
@Type("ModelLineage")
@Description("A model version's fine-tune lineage: ancestors nearest first (depth 1 is the parent), descendants by "
        + "depth then creation (depth 1 are its direct fine-tunes).")
public record ModelLineage(
        @NonNull Model model,
        @NonNull List<@NonNull ModelLineageEntry> ancestors,
        @NonNull List<@NonNull ModelLineageEntry> descendants) {
}
