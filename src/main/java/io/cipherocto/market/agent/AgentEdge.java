package io.cipherocto.market.agent;

import io.cipherocto.market.core.page.Edge;
import org.eclipse.microprofile.graphql.Type;

@Type("AgentEdge")
public class AgentEdge extends Edge<Agent> {

    AgentEdge(String cursor, Agent node) {
        super(cursor, node);
    }
}
