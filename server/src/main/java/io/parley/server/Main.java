package io.parley.server;

import io.helidon.config.Config;
import io.parley.server.demo.DemoOrg;
import io.parley.server.platform.backup.BackupCommand;
import io.parley.server.platform.backup.BackupException;
import io.parley.server.platform.config.ConfigException;
import io.parley.server.platform.config.ParleyConfig;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.EmbeddedDatabaseException;
import io.parley.server.platform.db.EmbeddedPostgresServer;
import io.parley.server.platform.db.LeakproofOperators;
import io.parley.server.platform.log.LogFormat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts Parley: configuration, database (the configured one, or the embedded PostgreSQL), migrations,
 * then the web server. {@code --demo} also creates the demo organisation. {@code backup <file>} and
 * {@code restore <file>} save and bring back the embedded database with its keys instead.
 */
public final class Main {
    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) {
        List<String> arguments = Arrays.asList(args);
        ParleyConfig config;
        try {
            config = ParleyConfig.from(Config.create());
        } catch (ConfigException | UncheckedIOException e) {
            System.err.println("parley: " + e.getMessage());
            System.exit(2);
            return;
        }
        LogFormat.install(config.logFormat());
        List<String> unknown = ParleyConfig.unknownVariables(System.getenv());
        if (!unknown.isEmpty()) {
            LOG.warning("Ignoring " + String.join(", ", unknown) + ": no such setting (see README, Configuration).");
        }
        if (!arguments.isEmpty() && (arguments.getFirst().equals("backup") || arguments.getFirst().equals("restore"))) {
            System.exit(backupOrRestore(config, arguments));
        }
        if (arguments.contains("--demo")) {
            config = config.withDemo(true);
        }
        serve(config);
    }

    private static void serve(ParleyConfig config) {
        EmbeddedPostgresServer embedded = null;
        if (config.embeddedDatabase()) {
            try {
                embedded = EmbeddedPostgresServer.start(config.dataDir(), config.dbPoolSize());
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
            LeakproofOperators.warnIfUnmarked(db);
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

    private static int backupOrRestore(ParleyConfig config, List<String> arguments) {
        String verb = arguments.getFirst();
        if (arguments.size() != 2) {
            System.err.println("usage: parley " + verb + " <file>");
            return 2;
        }
        BackupCommand command = new BackupCommand(config, Clock.systemUTC(), System.out);
        try {
            if (verb.equals("backup")) {
                command.backup(Path.of(arguments.get(1)));
            } else {
                command.restore(Path.of(arguments.get(1)));
            }
            return 0;
        } catch (BackupException | EmbeddedDatabaseException e) {
            System.err.println("parley " + verb + ": " + e.getMessage());
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.log(Level.FINE, verb + " failed", e);
            System.err.println("parley " + verb + ": failed, nothing was changed (" + e.getMessage() + ").");
        }
        return 1;
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
        }
    }
}
