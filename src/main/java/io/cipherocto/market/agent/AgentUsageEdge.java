package io.cipherocto.market.agent;

import io.cipherocto.market.core.page.Edge;
import org.eclipse.microprofile.graphql.Type;

@Type("AgentUsageEdge")
public class AgentUsageEdge extends Edge<AgentUsage> {

    AgentUsageEdge(String cursor, AgentUsage node) {
        super(cursor, node);
    }
}
