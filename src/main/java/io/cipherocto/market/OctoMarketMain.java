package io.cipherocto.market;

import io.cipherocto.market.core.config.RequiredSettings;
import io.cipherocto.market.core.db.EmbeddedDatabase;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import org.jboss.logging.Logger;

/**
 * Entry point: in the prod profile, stops at once when a required setting is missing ({@link RequiredSettings});
 * starts an embedded PostgreSQL unless a datasource is configured (in prod only when octo.embedded-db.enabled=true
 * asks for it); then the server.
 */
@QuarkusMain
public class OctoMarketMain {

    private static final Logger LOG = Logger.getLogger(OctoMarketMain.class);

    public static void main(String... args) {
        RequiredSettings.enforce();
        if (!EmbeddedDatabase.externalConfigured()) {
            int port = Integer.parseInt(System.getProperty("octo.embedded-db.port",
                    System.getenv().getOrDefault("OCTO_EMBEDDED_DB_PORT", "0")));
            EmbeddedDatabase.start(port).forEach(System::setProperty);
            LOG.infof("No datasource configured: using embedded PostgreSQL at %s",
                    System.getProperty("quarkus.datasource.jdbc.url"));
        }
        Quarkus.run(args);
    }
}
