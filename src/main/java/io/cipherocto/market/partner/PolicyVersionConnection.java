package io.cipherocto.market.partner;

import io.cipherocto.market.core.page.Connection;
import io.cipherocto.market.core.page.Edge;
import io.cipherocto.market.core.page.Page;
import org.eclipse.microprofile.graphql.Type;

/** A page of access policy versions, newest first. */
@Type("AccessPolicyConnection")
public class PolicyVersionConnection extends Connection<PolicyVersion, PolicyVersionConnection.PolicyVersionEdge> {

    PolicyVersionConnection(Page<PolicyVersion> page) {
        super(page, PolicyVersionEdge::new);
    }

    @Type("AccessPolicyEdge")
    public static class PolicyVersionEdge extends Edge<PolicyVersion> {
        PolicyVersionEdge(String cursor, PolicyVersion node) {
            super(cursor, node);
        }
    }
}
