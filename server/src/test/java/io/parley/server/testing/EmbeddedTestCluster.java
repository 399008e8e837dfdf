package io.parley.server.testing;

import io.parley.server.platform.db.EmbeddedPostgresServer;
import io.parley.server.platform.db.LeakproofOperators;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The PostgreSQL the tests use when no {@code PARLEY_TEST_DB_URL} is given: the same packaged
 * binaries the run path uses, started once per test JVM on first use and stopped when the JVM
 * exits. Its cluster is throw-away, so it trades durability for speed (no fsync), which the run
 * path's cluster never does. Inside it, tests connect as an ordinary role with CREATEDB, as they
 * would on a server of their own.
 */
final class EmbeddedTestCluster {
    static final String ROLE = "parley";
    static final String PASSWORD = "parley";
    static final String ADMIN_DATABASE = "parley_test";

    private static String adminUrl;

    private EmbeddedTestCluster() {
    }

    /** The JDBC URL of the cluster's admin database, starting the cluster on the first call. */
    static synchronized String adminUrl() {
        if (adminUrl == null) {
            adminUrl = start();
        }
        return adminUrl;
    }

    private static String start() {
        Path dir;
        EmbeddedPostgres postgres;
        try {
            dir = Files.createTempDirectory("parley-test-pg-");
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dir.resolve("pg"))
                    .setOverrideWorkingDirectory(dir.resolve("runtime").toFile())
                    .setCleanDataDirectory(true)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setPgBinaryResolver(EmbeddedPostgresServer.PACKAGED_BINARIES)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "400")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("The tests' embedded PostgreSQL did not start (" + e.getMessage()
                    + "); set PARLEY_TEST_DB_URL to a PostgreSQL 15+ server instead (see README, Tests).", e);
        }
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "' CREATEDB NOSUPERUSER NOBYPASSRLS");
            s.execute("CREATE DATABASE " + ADMIN_DATABASE + " OWNER " + ROLE);
            // Every test database is made from template1: marked there, the operators are marked in all of them.
            try (Connection template = postgres.getDatabase("postgres", "template1").getConnection()) {
                LeakproofOperators.mark(template);
            }
            // CREATE DATABASE refuses a template someone is still connected to; the backend leaves a moment later.
            for (int i = 0; i < 100 && connectedToTemplate(s); i++) {
                Thread.sleep(20);
            }
        } catch (SQLException e) {
            close(postgres, dir);
            throw new IllegalStateException("The tests' embedded PostgreSQL started but could not be prepared: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres, dir), "test-postgres-stop"));
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + ADMIN_DATABASE;
    }

    private static boolean connectedToTemplate(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = 'template1'")) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }

    private static void close(EmbeddedPostgres postgres, Path dir) {
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("The tests' embedded PostgreSQL did not stop cleanly: " + e.getMessage());
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("Could not remove " + dir + ": " + e.getMessage());
        }
    }
}
