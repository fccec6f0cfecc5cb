package io.cipherocto.market.support;

import io.cipherocto.market.core.db.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** The test suite's own real PostgreSQL, started the same way the server starts one. */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return EmbeddedDatabase.start(0);
    }

    @Override
    public void stop() {
        // kept for the JVM's life: other test profiles reuse it; a shutdown hook stops it
    }
}
