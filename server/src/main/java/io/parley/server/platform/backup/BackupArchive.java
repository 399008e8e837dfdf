package io.parley.server.platform.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A Parley backup: one zip holding every table of the application database as PostgreSQL
 * {@code COPY} text, read in one snapshot so the tables agree with each other, the schema version
 * they belong to, and the two keys without which the data is useless (the master key decrypts the
 * stored secrets, the JWT key keeps everyone signed in).
 *
 * <p>Why not pg_dump: the packaged PostgreSQL ships only initdb, pg_ctl and postgres, and a
 * pg_dump of another major version refuses the cluster. The schema needs no dump anyway: it is
 * the Flyway migrations, so a restore migrates an empty database to the backup's version and
 * copies the rows in.
 */
public final class BackupArchive {
    static final int FORMAT = 1;
    private static final String MANIFEST = "parley-backup.json";
    private static final String MASTER_KEY = "keys/master.key";
    private static final String JWT_KEY = "keys/jwt.key";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** One table: its columns in the order the copy holds them, and how many rows it had. */
    public record Table(String name, List<String> columns, long rows) {
    }

    /** What the archive says about itself. */
    public record Manifest(int format, Instant createdAt, String schemaVersion, List<Table> tables) {
        public long rows() {
            return tables.stream().mapToLong(Table::rows).sum();
        }
    }

    /** The two keys kept with the data. */
    public record Keys(String masterKey, String jwtSecret) {
    }

    private BackupArchive() {
    }

    /**
     * Writes the database behind {@code db} (a superuser connection: row-level security would hide
     * every organisation's rows from anyone else) and the keys to {@code file}, replacing it only
     * once the archive is complete.
     */
    public static Manifest write(Connection db, Keys keys, Path file, Instant now) throws SQLException, IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        }
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
            String version = schemaVersion(db);
            CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
            List<Table> tables = new ArrayList<>();
            for (Map.Entry<String, List<String>> table : tables(db).entrySet()) {
                zip.putNextEntry(new ZipEntry(tableEntry(table.getKey())));
                long rows = copy.copyOut("COPY " + quote(table.getKey()) + " (" + columnList(table.getValue())
                        + ") TO STDOUT", new EntryStream(zip));
                zip.closeEntry();
                tables.add(new Table(table.getKey(), table.getValue(), rows));
            }
            putText(zip, MASTER_KEY, keys.masterKey());
            putText(zip, JWT_KEY, keys.jwtSecret());
            Manifest manifest = new Manifest(FORMAT, now, version, tables);
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(JSON.writeValueAsBytes(manifest));
            zip.closeEntry();
            zip.finish();
            db.commit();
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return manifest;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Reads the manifest and keys of {@code file}, failing with a plain sentence if it is not a Parley backup. */
    public static Manifest manifest(ZipFile zip) throws IOException {
        ZipEntry entry = zip.getEntry(MANIFEST);
        if (entry == null) {
            throw new BackupException(zip.getName() + " is not a Parley backup (it has no " + MANIFEST + ").");
        }
        Manifest manifest;
        try (InputStream in = zip.getInputStream(entry)) {
            manifest = JSON.readValue(in, Manifest.class);
        }
        if (manifest.format() != FORMAT) {
            throw new BackupException(zip.getName() + " is a backup in format " + manifest.format()
                    + ", which this version of Parley does not read (it reads format " + FORMAT + ").");
        }
        return manifest;
    }

    public static Keys keys(ZipFile zip) throws IOException {
        return new Keys(readText(zip, MASTER_KEY), readText(zip, JWT_KEY));
    }

    /**
     * Loads every table of the archive into {@code db} (a superuser connection to a database already
     * migrated to the backup's schema version), in one transaction: all rows or none. Tables the
     * migrations filled are emptied first; identity counters continue after the restored ids.
     */
    public static void load(Connection db, ZipFile zip, Manifest manifest) throws SQLException, IOException {
        db.setAutoCommit(false);
        try {
            Map<String, List<String>> present = tables(db);
            for (Table table : manifest.tables()) {
                if (!present.containsKey(table.name())) {
                    throw new BackupException("The backup has a table " + table.name()
                            + " that its schema version " + manifest.schemaVersion() + " does not have here.");
                }
            }
            try (Statement s = db.createStatement()) {
                // Rows arrive table by table; foreign keys and triggers would see half of them.
                s.execute("SET LOCAL session_replication_role = replica");
                s.execute("TRUNCATE " + String.join(", ", manifest.tables().stream().map(t -> quote(t.name())).toList()));
            }
            CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
            for (Table table : manifest.tables()) {
                ZipEntry entry = zip.getEntry(tableEntry(table.name()));
                if (entry == null) {
                    throw new BackupException("The backup is incomplete: table " + table.name() + " is missing.");
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    long rows = copy.copyIn("COPY " + quote(table.name()) + " (" + columnList(table.columns())
                            + ") FROM STDIN", in);
                    if (rows != table.rows()) {
                        throw new BackupException("The backup is damaged: table " + table.name() + " holds " + rows
                                + " rows, its manifest says " + table.rows() + ".");
                    }
                }
            }
            resetIdentities(db);
            db.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            db.rollback();
            throw e;
        }
    }

    private static void resetIdentities(Connection db) throws SQLException {
        List<String[]> identities = new ArrayList<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT c.relname, a.attname, pg_get_serial_sequence(format('%I', c.relname), a.attname) AS seq
                     FROM pg_attribute a
                     JOIN pg_class c ON c.oid = a.attrelid
                     JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
                       AND pg_get_serial_sequence(format('%I', c.relname), a.attname) IS NOT NULL""")) {
            while (rs.next()) {
                identities.add(new String[]{rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        for (String[] identity : identities) {
            try (PreparedStatement ps = db.prepareStatement("SELECT setval(?::regclass, COALESCE((SELECT max("
                    + quote(identity[1]) + ") FROM " + quote(identity[0]) + "), 0) + 1, false)")) {
                ps.setString(1, identity[2]);
                ps.execute();
            }
        }
    }

    /** The application's tables and their stored (not generated) columns, in a stable order. */
    private static Map<String, List<String>> tables(Connection db) throws SQLException {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT c.relname, a.attname
                     FROM pg_class c
                     JOIN pg_namespace n ON n.oid = c.relnamespace
                     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                     WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attgenerated = ''
                     ORDER BY c.relname, a.attnum""")) {
            while (rs.next()) {
                tables.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        return tables;
    }

    private static String schemaVersion(Connection db) throws SQLException {
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL"
                     + " ORDER BY installed_rank DESC LIMIT 1")) {
            if (!rs.next()) {
                throw new BackupException("The database has no Parley schema yet: there is nothing to back up.");
            }
            return rs.getString(1);
        }
    }

    private static String tableEntry(String table) {
        return "tables/" + table + ".copy";
    }

    private static String columnList(List<String> columns) {
        return String.join(", ", columns.stream().map(BackupArchive::quote).toList());
    }

    /** Names come from the catalog, not from users; quoted all the same. */
    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static void putText(ZipOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write((text + "\n").getBytes(StandardCharsets.US_ASCII));
        zip.closeEntry();
    }

    private static String readText(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new BackupException("The backup is incomplete: " + name + " is missing.");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        }
    }

    /** The current zip entry as a stream a copy may write to (and close) without closing the archive. */
    private static final class EntryStream extends FilterOutputStream {
        EntryStream(OutputStream zip) {
            super(zip);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
