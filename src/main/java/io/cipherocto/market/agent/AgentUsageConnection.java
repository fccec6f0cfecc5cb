package io.cipherocto.market.agent;

import io.cipherocto.market.core.page.Connection;
import io.cipherocto.market.core.page.Page;
import org.eclipse.microprofile.graphql.Type;

/** A page of an agent's usage, newest first. */
@Type("AgentUsageConnection")
public class AgentUsageConnection extends Connection<AgentUsage, AgentUsageEdge> {

    AgentUsageConnection(Page<AgentUsage> page) {
        super(page, AgentUsageEdge::new);
    }
}
