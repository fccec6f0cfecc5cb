package io.cipherocto.market.agent;

import io.cipherocto.market.core.page.Keyset;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;
import org.eclipse.microprofile.graphql.Input;

/** The agent catalogue's sort: a field and a direction, ties broken by id. */
@Input("AgentOrder")
@Description("Sort of the agent catalogue; ties are broken by id in the same direction. Default: CREATED_AT DESC.")
public record AgentOrder(Field field, Keyset.Direction direction) {

    @Enum("AgentOrderField")
    public enum Field {
        NAME, @Description("Price per call (exact, base units).") PRICE, CREATED_AT
    }
}
