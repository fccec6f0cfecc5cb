package io.cipherocto.market.agent;

import io.cipherocto.market.core.scalar.TokenAmount;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/** What the owner may change on an agent; omitted fields stay. A new price applies to usage billed from then on. */
@Input("UpdateAgentInput")
public record UpdateAgentInput(
        @NonNull @Id String id,
        String name,
        String description,
        @Description("At least 1 base unit; applies to usage billed from now on.") TokenAmount pricePerCall,
        @Description("Replaces the models it is built on (1..16).") List<String> modelIds) {
}
