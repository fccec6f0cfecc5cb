package io.cipherocto.market.datanet;

import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/** What the owner changes; every field left out stays as it is. */
@Input("UpdateDatanetInput")
@Description("Fields left out stay as they are. New terms apply to submissions made after the change.")
public record UpdateDatanetInput(
        @NonNull @Id String id,
        String name,
        String description,
        List<String> tags,
        String licence,
        DatanetPolicy policy,
        DatanetTermsInput terms) {
}
