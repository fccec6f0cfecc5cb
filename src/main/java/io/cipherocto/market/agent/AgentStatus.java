package io.cipherocto.market.agent;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

/** Where an agent listing is: DRAFT → LISTED ⇄ DELISTED. */
@Enum("AgentStatus")
@Description("DRAFT (new, not in the catalogue) → LISTED (in the catalogue, accepts usage) ⇄ DELISTED.")
public enum AgentStatus {
    DRAFT, LISTED, DELISTED
}
