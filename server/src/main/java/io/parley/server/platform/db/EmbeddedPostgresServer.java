package io.parley.server.platform.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
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
 *
 * <p>This cluster is an office's system of record, not a test fixture: the embedding library's
 * speed defaults ({@code -F}, i.e. fsync off, and {@code synchronous_commit=off}) could lose
 * acknowledged webhooks — which Meta never resends — or corrupt the cluster in a power cut, so they
 * are overridden here. PostgreSQL's own log goes to files under {@code pg/log}, one per weekday.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    public static final String APP_ROLE = "parley";
    private static final Logger LOG = Logger.getLogger(EmbeddedPostgresServer.class.getName());

    /**
     * The packaged PostgreSQL, the first copy on the class path. The library's own resolver refuses to
     * choose when it finds two, which happens when a jar's manifest Class-Path names the same binaries
     * jar that the class path holds already (the desktop app's tests on the server jar).
     */
    public static final PgBinaryResolver PACKAGED_BINARIES = (system, machine) -> {
        String name = "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + machine + ".txz";
        InputStream binaries = EmbeddedPostgresServer.class.getClassLoader().getResourceAsStream(name);
        if (binaries == null) {
            throw new IOException("No packaged PostgreSQL for " + system + " " + machine + " (" + name + ")");
        }
        return binaries;
    };

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts (and on first use initialises) the cluster under {@code dataDir/pg}.
     *
     * @throws EmbeddedDatabaseException with one plain sentence when PostgreSQL cannot run here
     */
    public static EmbeddedPostgresServer start(Path dataDir, int poolSize) {
        Path pgData = dataDir.resolve("pg");
        LOG.info(Files.exists(pgData.resolve("PG_VERSION")) ? "Starting the embedded PostgreSQL in " + pgData
                : "Creating the embedded PostgreSQL in " + pgData + " (first start: a few seconds)");
        EmbeddedPostgres postgres;
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(dataDir.resolve("pg-runtime").toFile())
                    .setPort(freePort())
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setPgBinaryResolver(PACKAGED_BINARIES);
            serverSettings(poolSize, physicalMemoryBytes()).forEach(builder::setServerConfig);
            postgres = builder.start();
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

    /**
     * The cluster's settings: durable, and sized for a small office server with {@code memoryBytes}
     * of memory whose one Parley server holds {@code poolSize} connections.
     */
    static Map<String, String> serverSettings(int poolSize, long memoryBytes) {
        long mb = memoryBytes / (1024 * 1024);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("listen_addresses", "127.0.0.1");
        settings.put("fsync", "on");
        settings.put("synchronous_commit", "on");
        settings.put("full_page_writes", "on");
        // The pool, the event listener's own connection, and room for a backup and an operator's psql.
        settings.put("max_connections", Integer.toString(poolSize + 10));
        settings.put("shared_buffers", Math.clamp(mb / 8, 128, 2048) + "MB");
        settings.put("effective_cache_size", Math.clamp(mb / 2, 256, 8192) + "MB");
        settings.put("logging_collector", "on");
        settings.put("log_directory", "log");
        settings.put("log_filename", "postgresql-%a.log");
        settings.put("log_rotation_age", "1d");
        settings.put("log_rotation_size", "0");
        settings.put("log_truncate_on_rotation", "on");
        return settings;
    }

    private static long physicalMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 1024L * 1024 * 1024;
    }

    public String jdbcUrl() {
        return jdbcUrl(APP_ROLE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
    }

    public String user() {
        return APP_ROLE;
    }

    /**
     * A connection as the cluster's superuser to {@code database}: for maintenance that must see
     * every organisation's rows (backup, restore), never for serving requests.
     */
    public Connection superuserConnection(String database) throws SQLException {
        return DriverManager.getConnection(superuserUrl(postgres.getPort(), database));
    }

    /**
     * The port of the cluster in {@code dataDir/pg} if a PostgreSQL is running there now (a Parley
     * server holds it), read from its {@code postmaster.pid} and confirmed by connecting.
     */
    public static OptionalInt runningPort(Path dataDir) {
        Path pidFile = dataDir.resolve("pg").resolve("postmaster.pid");
        try {
            List<String> lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
            if (lines.size() < 4) {
                return OptionalInt.empty();
            }
            int port = Integer.parseInt(lines.get(3).strip());
            try (Connection ignored = DriverManager.getConnection(superuserUrl(port, "postgres"))) {
                return OptionalInt.of(port);
            }
        } catch (IOException | NumberFormatException | SQLException e) {
            return OptionalInt.empty();
        }
    }

    /** A superuser connection to a cluster found by {@link #runningPort}. */
    public static Connection superuserConnection(int port, String database) throws SQLException {
        return DriverManager.getConnection(superuserUrl(port, database));
    }

    private static String superuserUrl(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres&connectTimeout=5";
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
        try (Connection app = superuserConnection(APP_ROLE)) {
            LeakproofOperators.mark(app);
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
