package io.parley.server.platform.backup;

import io.parley.server.platform.config.ParleyConfig;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.EmbeddedPostgresServer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.OptionalInt;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * {@code parley backup <file>} and {@code parley restore <file>} for the embedded database of an
 * office server. A backup may run while Parley runs (it reads one consistent snapshot); a restore
 * replaces the whole database and the keys, so Parley must be stopped for it.
 */
public final class BackupCommand {
    private static final String RESTORING = "parley_restoring";
    private final ParleyConfig config;
    private final Clock clock;
    private final PrintStream out;

    public BackupCommand(ParleyConfig config, Clock clock, PrintStream out) {
        this.config = config;
        this.clock = clock;
        this.out = out;
    }

    public void backup(Path file) throws IOException, SQLException {
        requireEmbedded();
        Path target = file.toAbsolutePath();
        if (target.getParent() != null && !Files.isDirectory(target.getParent())) {
            throw new BackupException("The folder " + target.getParent() + " does not exist.");
        }
        BackupArchive.Keys keys = new BackupArchive.Keys(config.masterKey(), config.jwtSecret());
        OptionalInt running = EmbeddedPostgresServer.runningPort(config.dataDir());
        BackupArchive.Manifest manifest;
        if (running.isPresent()) {
            try (Connection db = EmbeddedPostgresServer.superuserConnection(running.getAsInt(), EmbeddedPostgresServer.APP_ROLE)) {
                manifest = BackupArchive.write(db, keys, target, clock.instant());
            }
        } else {
            if (!Files.exists(config.dataDir().resolve("pg").resolve("PG_VERSION"))) {
                throw new BackupException("There is no Parley database in " + config.dataDir().resolve("pg")
                        + " to back up (is PARLEY_DATA_DIR right?).");
            }
            try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(config.dataDir(), 2);
                 Connection db = postgres.superuserConnection(EmbeddedPostgresServer.APP_ROLE)) {
                manifest = BackupArchive.write(db, keys, target, clock.instant());
            }
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        out.printf("Backed up %,d rows of %d tables (schema version %s) and the keys to %s%n",
                manifest.rows(), manifest.tables().size(), manifest.schemaVersion(), target);
    }

    public void restore(Path file) throws IOException, SQLException {
        requireEmbedded();
        if (!Files.isRegularFile(file)) {
            throw new BackupException("There is no backup file " + file.toAbsolutePath() + ".");
        }
        OptionalInt running = EmbeddedPostgresServer.runningPort(config.dataDir());
        if (running.isPresent()) {
            throw new BackupException("Parley's database in " + config.dataDir() + " is in use (port " + running.getAsInt()
                    + "): stop Parley first (Ctrl+C, or systemctl stop parley-server), then restore.");
        }
        try (ZipFile zip = open(file)) {
            BackupArchive.Manifest manifest = BackupArchive.manifest(zip);
            BackupArchive.Keys keys = BackupArchive.keys(zip);
            try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(config.dataDir(), 2)) {
                try (Database app = Database.connect(postgres.jdbcUrl(), postgres.user(), null, 2)) {
                    String latest = app.latestSchemaVersion();
                    if (compareVersions(manifest.schemaVersion(), latest) > 0) {
                        throw new BackupException("The backup comes from a newer Parley (schema version "
                                + manifest.schemaVersion() + "; this one knows up to " + latest
                                + "): restore it with that version or a later one.");
                    }
                }
                // Into a database of its own first: the current one is replaced only by a complete restore.
                runAsSuperuser(postgres, "DROP DATABASE IF EXISTS " + RESTORING + " WITH (FORCE)",
                        "CREATE DATABASE " + RESTORING + " OWNER " + EmbeddedPostgresServer.APP_ROLE + " ENCODING 'UTF8'");
                try (Database restoring = Database.connect(postgres.jdbcUrl(RESTORING), postgres.user(), null, 2)) {
                    restoring.migrateTo(manifest.schemaVersion());
                }
                try (Connection db = postgres.superuserConnection(RESTORING)) {
                    BackupArchive.load(db, zip, manifest);
                }
                runAsSuperuser(postgres, "DROP DATABASE IF EXISTS " + EmbeddedPostgresServer.APP_ROLE + " WITH (FORCE)",
                        "ALTER DATABASE " + RESTORING + " RENAME TO " + EmbeddedPostgresServer.APP_ROLE);
            }
            writeKeys(keys);
            out.printf("Restored %,d rows of %d tables (schema version %s, backed up %s) and the keys into %s%n",
                    manifest.rows(), manifest.tables().size(), manifest.schemaVersion(), manifest.createdAt(),
                    config.dataDir());
        }
    }

    private static ZipFile open(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new BackupException(file.toAbsolutePath() + " is not a Parley backup (it is not a zip file).");
        }
    }

    private void requireEmbedded() {
        if (!config.embeddedDatabase()) {
            throw new BackupException("parley backup and restore work on the embedded database; with PARLEY_DB_URL set,"
                    + " back up that PostgreSQL with its own tools (pg_dump as a superuser) and keep master.key and jwt.key.");
        }
    }

    private static void runAsSuperuser(EmbeddedPostgresServer postgres, String... statements) throws SQLException {
        try (Connection c = postgres.superuserConnection("postgres"); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    /** The backup's keys replace the data directory's; the ones they replace are kept beside them. */
    private void writeKeys(BackupArchive.Keys keys) throws IOException {
        writeKey("master.key", keys.masterKey(), "PARLEY_MASTER_KEY", config.masterKey());
        writeKey("jwt.key", keys.jwtSecret(), "PARLEY_JWT_SECRET", config.jwtSecret());
    }

    private void writeKey(String name, String value, String variable, String configured) throws IOException {
        Path file = config.dataDir().resolve(name);
        if (Files.exists(file) && !Files.readString(file, StandardCharsets.US_ASCII).strip().equals(value)) {
            Path kept = file.resolveSibling(name + ".before-restore-" + clock.millis());
            Files.move(file, kept, StandardCopyOption.REPLACE_EXISTING);
            out.println("The previous " + name + " is kept as " + kept);
        }
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, value + "\n", StandardCharsets.US_ASCII);
        String fromEnvironment = System.getenv(variable);
        if (fromEnvironment != null && !fromEnvironment.isBlank() && !configured.equals(value)) {
            out.println("Note: " + variable + " is set and differs from the restored " + name
                    + "; Parley uses the variable, so unset it or set it to the backup's key.");
        }
    }

    /** Flyway versions are dotted numbers ("6", "6.1"). */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? Long.parseLong(x[i]) : 0;
            long q = i < y.length ? Long.parseLong(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }
}
