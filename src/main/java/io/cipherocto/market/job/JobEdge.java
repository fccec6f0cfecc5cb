package io.cipherocto.market.job;

import io.cipherocto.market.core.page.Edge;
import org.eclipse.microprofile.graphql.Type;

@Type("JobEdge")
public class JobEdge extends Edge<Job> {

    JobEdge(String cursor, Job node) {
        super(cursor, node);
    }
}
