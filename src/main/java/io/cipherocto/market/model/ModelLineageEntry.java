package io.cipherocto.market.model;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** A model version reached walking fine-tune links, with how many links away it is. */
@Type("ModelLineageEntry")
@Description("A model version reached walking fine-tune links: depth 1 is the parent (or a direct fine-tune).")
public record ModelLineageEntry(@NonNull int depth, @NonNull Model model) {
}
