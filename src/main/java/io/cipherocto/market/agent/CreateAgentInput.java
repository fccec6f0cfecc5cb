package io.cipherocto.market.agent;

import io.cipherocto.market.core.scalar.TokenAmount;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/** A new agent listing (created as DRAFT). */
@Input("CreateAgentInput")
public record CreateAgentInput(
        @NonNull @Description("1..120 characters.") String name,
        String description,
        @NonNull @Description("At least 1 base unit.") TokenAmount pricePerCall,
        @NonNull @Description("The model versions it is built on (each must exist), 1..16, in the owner's order.")
        List<@NonNull String> modelIds) {
}
