package io.cipherocto.market.job;

import io.cipherocto.market.core.page.Edge;
import org.eclipse.microprofile.graphql.Type;

@Type("JobEventEdge")
public class JobEventEdge extends Edge<JobEvent> {

    JobEventEdge(String cursor, JobEvent node) {
        super(cursor, node);
    }
}
