package io.parley.server.platform.config;

import io.helidon.config.Config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the server reads from its configuration, resolved once at start.
 * Each key can be set in {@code application.yaml} or as an environment variable: the variable's
 * name is the key in upper case with dots as underscores ({@code parley.db.url} ⇔ {@code PARLEY_DB_URL}),
 * which is why no key contains a dash.
 *
 * @param dbUrl      JDBC URL of the PostgreSQL database; null means "start the embedded one"
 * @param mediaDir   where message files are kept (default: dataDir/media)
 * @param masterKey  base64 AES-256 key that encrypts secrets at rest
 * @param jwtSecret  base64 HMAC key that signs access tokens
 * @param keepAlive  how often an idle event stream gets a comment line (also how soon a vanished client is noticed)
 * @param demo       create the demo organisation at start if it is missing
 * @param jobLease   how long a claimed job is reserved without its worker renewing the claim: after a crash,
 *                   the jobs the dead process held are due again this long after it died
 * @param sendReconcile how long an outbound message interrupted in flight (the process died while calling
 *                   WhatsApp) waits for a status webhook proving it arrived, before it is sent again
 */
public record ParleyConfig(String host,
                           int port,
                           String dbUrl,
                           String dbUser,
                           String dbPassword,
                           int dbPoolSize,
                           Path dataDir,
                           Path mediaDir,
                           String masterKey,
                           String jwtSecret,
                           String logFormat,
                           Duration keepAlive,
                           boolean demo,
                           Duration jobLease,
                           Duration sendReconcile) {

    public static final int DEFAULT_PORT = 8080;
    public static final Duration DEFAULT_JOB_LEASE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_SEND_RECONCILE = Duration.ofMinutes(5);

    /**
     * Reads the {@code parley} node; secrets absent from the configuration are generated once into
     * the data directory and read back from there on later starts.
     *
     * @throws ConfigException naming the first setting that is not what it should be, and what it expects
     */
    public static ParleyConfig from(Config root) {
        Settings c = new Settings(root.get("parley"));
        Path dataDir = c.path("data.dir").orElseGet(() -> Path.of(System.getProperty("user.home"), ".parley"));
        KeyFiles keys = new KeyFiles(dataDir);
        String dbUrl = c.text("db.url").orElse(null);
        if (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw c.invalid("db.url", dbUrl, "a PostgreSQL JDBC URL such as jdbc:postgresql://db-host:5432/parley,"
                    + " or nothing for the embedded database");
        }
        return new ParleyConfig(
                c.text("host").orElse("0.0.0.0"),
                c.integer("port", 0, 65_535).orElse(DEFAULT_PORT),
                dbUrl,
                c.text("db.user").orElse(null),
                c.text("db.password").orElse(null),
                c.integer("db.pool.size", 2, 500).orElse(16),
                dataDir,
                c.path("media.dir").orElse(dataDir.resolve("media")),
                c.key("master.key", 32, 32).orElseGet(() -> KeyFiles.check(keys.getOrCreate("master.key"), dataDir.resolve("master.key"), 32, 32)),
                c.key("jwt.secret", 32, 1024).orElseGet(() -> KeyFiles.check(keys.getOrCreate("jwt.key"), dataDir.resolve("jwt.key"), 32, 1024)),
                c.oneOf("log.format", "text", "json").orElse("text"),
                Duration.ofSeconds(c.integer("events.keepalive.seconds", 1, 3_600).orElse(15)),
                c.bool("demo").orElse(false),
                c.integer("jobs.lease.seconds", 1, 86_400).map(Duration::ofSeconds).orElse(DEFAULT_JOB_LEASE),
                c.integer("outbound.reconcile.seconds", 1, 7 * 86_400).map(Duration::ofSeconds).orElse(DEFAULT_SEND_RECONCILE));
    }

    /** Every variable the server reads (and those the launcher and the app read), for spotting typos. */
    static final Set<String> VARIABLES = Set.of("PARLEY_HOST", "PARLEY_PORT", "PARLEY_DB_URL", "PARLEY_DB_USER",
            "PARLEY_DB_PASSWORD", "PARLEY_DB_POOL_SIZE", "PARLEY_DATA_DIR", "PARLEY_MEDIA_DIR", "PARLEY_MASTER_KEY",
            "PARLEY_JWT_SECRET", "PARLEY_LOG_FORMAT", "PARLEY_EVENTS_KEEPALIVE_SECONDS", "PARLEY_DEMO",
            "PARLEY_JOBS_LEASE_SECONDS", "PARLEY_OUTBOUND_RECONCILE_SECONDS",
            "PARLEY_SERVER_URL", "PARLEY_DESKTOP");

    /** The {@code PARLEY_*} variables in {@code environment} that nothing reads: most likely misspelt. */
    public static List<String> unknownVariables(Map<String, String> environment) {
        return environment.keySet().stream()
                .filter(name -> name.startsWith("PARLEY_") && !name.startsWith("PARLEY_TEST_") && !VARIABLES.contains(name))
                .sorted()
                .toList();
    }

    public boolean embeddedDatabase() {
        return dbUrl == null;
    }

    public ParleyConfig withDatabase(String url, String user, String password) {
        return new ParleyConfig(host, port, url, user, password, dbPoolSize, dataDir, mediaDir, masterKey, jwtSecret, logFormat, keepAlive, demo, jobLease, sendReconcile);
    }

    public ParleyConfig withDemo(boolean on) {
        return new ParleyConfig(host, port, dbUrl, dbUser, dbPassword, dbPoolSize, dataDir, mediaDir, masterKey, jwtSecret, logFormat, keepAlive, on, jobLease, sendReconcile);
    }
}
