package io.parley.server.platform.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * A real PostgreSQL (zonky's packaged binaries) run from the data directory when no database URL is
 * configured, so one command runs Parley on a fresh machine. Data survives restarts. When run as
 * root, zonky starts PostgreSQL inside a user namespace ({@code unshare -U}), because PostgreSQL
 * refuses to run as root.
 *
 * <p>The server itself never connects as the cluster's superuser (that would bypass row-level
 * security): at start this class makes sure an ordinary login role {@value #APP_ROLE} owns an
 * application database of the same name.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    public static final String APP_ROLE = "parley";
    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class.getName());

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts (and on first use initialises) the cluster under {@code dataDir/pg}.
     *
     * @throws EmbeddedDatabaseException with one plain sentence when PostgreSQL cannot run here
     */
    public static EmbeddedPostgresServer start(Path dataDir) {
        Path pgData = dataDir.resolve("pg");
        EmbeddedPostgres postgres;
        try {
            Files.createDirectories(dataDir);
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(dataDir.resolve("pg-runtime").toFile())
                    .setPort(freePort())
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new EmbeddedDatabaseException("The embedded PostgreSQL could not start in " + pgData
                    + " (" + rootCause(e) + "); set PARLEY_DB_URL (with PARLEY_DB_USER and PARLEY_DB_PASSWORD)"
                    + " to a PostgreSQL 15+ database instead.", e);
        }
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
        try {
            server.ensureAppDatabase();
        } catch (SQLException e) {
            server.close();
            throw new EmbeddedDatabaseException("The embedded PostgreSQL started but its application database could"
                    + " not be prepared (" + e.getMessage() + ").", e);
        }
        LOG.info("Embedded PostgreSQL running on 127.0.0.1:" + postgres.getPort() + ", data in " + pgData);
        return server;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + APP_ROLE;
    }

    public String user() {
        return APP_ROLE;
    }

    public int port() {
        return postgres.getPort();
    }

    private void ensureAppDatabase() throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE ROLE " + APP_ROLE + " LOGIN NOSUPERUSER NOCREATEROLE NOBYPASSRLS");
                }
            }
            if (!exists(c, "SELECT 1 FROM pg_database WHERE datname = ?")) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + APP_ROLE + " OWNER " + APP_ROLE + " ENCODING 'UTF8'");
                }
            }
        }
    }

    private static boolean exists(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, APP_ROLE);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("The embedded PostgreSQL did not stop cleanly", e);
        }
    }
}
