package io.parley.server.platform.config;

import io.helidon.config.Config;

import java.nio.file.Path;
import java.time.Duration;

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
     */
    public static ParleyConfig from(Config root) {
        Config c = root.get("parley");
        Path dataDir = c.get("data.dir").asString().filter(s -> !s.isBlank())
                .map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".parley"))
                .toAbsolutePath();
        KeyFiles keys = new KeyFiles(dataDir);
        return new ParleyConfig(
                c.get("host").asString().orElse("0.0.0.0"),
                c.get("port").asInt().orElse(DEFAULT_PORT),
                blankToNull(c.get("db.url").asString().orElse(null)),
                blankToNull(c.get("db.user").asString().orElse(null)),
                blankToNull(c.get("db.password").asString().orElse(null)),
                c.get("db.pool.size").asInt().orElse(16),
                dataDir,
                c.get("media.dir").asString().filter(v -> !v.isBlank()).map(v -> Path.of(v).toAbsolutePath())
                        .orElse(dataDir.resolve("media")),
                c.get("master.key").asString().filter(s -> !s.isBlank()).orElseGet(() -> keys.getOrCreate("master.key")),
                c.get("jwt.secret").asString().filter(s -> !s.isBlank()).orElseGet(() -> keys.getOrCreate("jwt.key")),
                c.get("log.format").asString().orElse("text"),
                Duration.ofSeconds(c.get("events.keepalive.seconds").asInt().orElse(15)),
                c.get("demo").asBoolean().orElse(false),
                c.get("jobs.lease.seconds").asInt().map(Duration::ofSeconds).orElse(DEFAULT_JOB_LEASE),
                c.get("outbound.reconcile.seconds").asInt().map(Duration::ofSeconds).orElse(DEFAULT_SEND_RECONCILE));
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

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
