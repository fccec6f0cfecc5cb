package io.cipherocto.market.job;

import io.cipherocto.market.core.page.Connection;
import io.cipherocto.market.core.page.Page;
import org.eclipse.microprofile.graphql.Type;

@Type("JobEventConnection")
public class JobEventConnection extends Connection<JobEvent, JobEventEdge> {

    JobEventConnection(Page<JobEvent> page) {
        super(page, JobEventEdge::new);
    }
}
