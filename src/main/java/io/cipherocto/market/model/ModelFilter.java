package io.cipherocto.market.model;

import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;

/** Which models a catalogue page shows; every condition given must hold. */
@Input("ModelFilter")
public record ModelFilter(
        @Description("Full-text search over name, base model, tags and description (web search syntax).")
        String search,
        @Description("Models having all of these tags.") List<String> tags,
        @Description("Models on this base model (case-insensitive, exact).") String baseModel,
        @Description("Models trained on this datanet.") @Id String datanet,
        @Description("Models owned by this participant.") @Id String owner,
        @Description("Price per inference between min and max, both inclusive, either optional.") PriceRange priceRange,
        @Description("Only early-access models (true) or only generally available ones (false).") Boolean earlyAccess) {
}
