package io.parley.server;

import io.helidon.config.Config;
import io.parley.server.demo.DemoOrg;
import io.parley.server.platform.config.ParleyConfig;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.EmbeddedDatabaseException;
import io.parley.server.platform.db.EmbeddedPostgresServer;
import io.parley.server.platform.log.LogFormat;

import java.time.Clock;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts Parley: configuration, database (the configured one, or the embedded PostgreSQL), migrations,
 * then the web server. {@code --demo} also creates the demo organisation.
 */
public final class Main {
    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) {
        ParleyConfig config = ParleyConfig.from(Config.create());
        if (Arrays.asList(args).contains("--demo")) {
            config = config.withDemo(true);
        }
        LogFormat.install(config.logFormat());

        EmbeddedPostgresServer embedded = null;
        if (config.embeddedDatabase()) {
            try {
                embedded = EmbeddedPostgresServer.start(config.dataDir());
            } catch (EmbeddedDatabaseException e) {
                LOG.severe(e.getMessage());
                System.exit(1);
                return;
            }
            config = config.withDatabase(embedded.jdbcUrl(), embedded.user(), null);
        }
        Database db = null;
        ParleyServer server;
        try {
            db = Database.connect(config.dbUrl(), config.dbUser(), config.dbPassword(), config.dbPoolSize());
            db.migrate();
            server = ParleyServer.start(config, db, Clock.systemUTC());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Parley could not start: " + e.getMessage(), e);
            stop(null, db, embedded);
            System.exit(1);
            return;
        }

        Database dbToClose = db;
        EmbeddedPostgresServer embeddedToStop = embedded;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, dbToClose, embeddedToStop), "parley-shutdown"));

        LOG.info("Parley is listening on http://localhost:" + server.port() + " (health: /health, API: /api/v1, OpenAPI: /openapi)");
        if (config.demo()) {
            LOG.info("Demo organisation: sign in as " + DemoOrg.EMAIL + " with password " + DemoOrg.PASSWORD);
        }
    }

    /** Stops in reverse order of start: no new requests, then the pool, then the embedded database. */
    private static void stop(ParleyServer server, Database db, EmbeddedPostgresServer embedded) {
        if (server != null) {
            server.close();
        }
        if (db != null) {
            db.close();
        }
        if (embedded != null) {
            embedded.close();
            LOG.info("Embedded PostgreSQL stopped.");
        }
    }
}
