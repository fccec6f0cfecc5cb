package io.cipherocto.market.agent;

import io.cipherocto.market.model.PriceRange;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;

/** Which listed agents a catalogue page shows; every condition given must hold. */
@Input("AgentFilter")
public record AgentFilter(
        @Description("Full-text search over name and description (web search syntax).") String search,
        @Description("Agents built on this model version.") @Id String model,
        @Description("Agents owned by this participant.") @Id String owner,
        @Description("Price per call between min and max, both inclusive, either optional.") PriceRange priceRange) {
}
