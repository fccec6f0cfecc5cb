package io.cipherocto.market.datanet;

import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/** A new datanet's catalogue entry, policy and terms. */
@Input("CreateDatanetInput")
public record CreateDatanetInput(
        @NonNull String name,
        @NonNull @Description("Lower-case letters, digits and inner hyphens, 1..64 characters; unique.") String slug,
        @Description("Free text, searchable.") String description,
        @Description("Normalised to lower case, duplicates dropped; at most 10 of at most 32 characters.")
        List<String> tags,
        @NonNull String licence,
        @NonNull DatanetPolicy policy,
        @Description("Omitted terms take the server defaults.") DatanetTermsInput terms) {
}
