package io.cipherocto.market.job;

import io.cipherocto.market.core.page.Connection;
import io.cipherocto.market.core.page.Page;
import org.eclipse.microprofile.graphql.Type;

@Type("JobConnection")
public class JobConnection extends Connection<Job, JobEdge> {

    JobConnection(Page<Job> page) {
        super(page, JobEdge::new);
    }
}
