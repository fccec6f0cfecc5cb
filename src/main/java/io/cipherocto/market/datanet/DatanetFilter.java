package io.cipherocto.market.datanet;

import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;

/** Which datanets a catalogue page shows; every condition given must hold. */
@Input("DatanetFilter")
public record DatanetFilter(
        @Description("Full-text search over name, tags and description (web search syntax: words, \"phrases\", -not).")
        String search,
        @Description("Datanets having all of these tags.") List<String> tags,
        DatanetPolicy policy,
        @Description("Datanets this participant curates.") @Id String curator) {
}
