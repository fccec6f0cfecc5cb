package io.cipherocto.market.agent;

import io.cipherocto.market.core.page.Connection;
import io.cipherocto.market.core.page.Page;
import java.util.UUID;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Type;

/** A page of agents; remembers its filter (or owner) so {@code totalCount} counts the same set. */
@Type("AgentConnection")
public class AgentConnection extends Connection<Agent, AgentEdge> {

    private final AgentService.Filter filter;

    private final UUID owner;

    /** The catalogue with its filter, or (filter null) all agents of {@code owner}. */
    AgentConnection(Page<Agent> page, AgentService.Filter filter, UUID owner) {
        super(page, AgentEdge::new);
        this.filter = filter;
        this.owner = owner;
    }

    @Ignore
    public UUID owner() {
        return owner;
    }

    @Ignore
    public AgentService.Filter filter() {
        return filter;
    }
}
