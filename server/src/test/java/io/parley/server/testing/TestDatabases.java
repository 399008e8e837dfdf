package io.parley.server.testing;

import io.parley.server.platform.db.Database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh PostgreSQL database per test class, created on the server named by
 * {@code PARLEY_TEST_DB_URL} as {@code PARLEY_TEST_DB_USER}/{@code PARLEY_TEST_DB_PASSWORD}
 * (default parley/parley): an ordinary role with CREATEDB, the way production runs, so row-level
 * security applies in tests too. Without {@code PARLEY_TEST_DB_URL} the tests start their own
 * embedded PostgreSQL ({@link EmbeddedTestCluster}) and need nothing set up by hand.
 */
public final class TestDatabases {
    private TestDatabases() {
    }

    public static String adminUrl() {
        String configured = System.getenv("PARLEY_TEST_DB_URL");
        return configured == null || configured.isBlank() ? EmbeddedTestCluster.adminUrl() : configured;
    }

    public static String user() {
        return env("PARLEY_TEST_DB_USER", EmbeddedTestCluster.ROLE);
    }

    public static String password() {
        return env("PARLEY_TEST_DB_PASSWORD", EmbeddedTestCluster.PASSWORD);
    }

    /** Creates, migrates and returns a new database; {@link TestDatabase#close()} drops it. */
    public static TestDatabase create(String label) {
        String name = ("parley_t_" + label.replaceAll("[^A-Za-z0-9]", "") + "_"
                + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        admin("CREATE DATABASE " + name);
        String url = adminUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
        Database db = Database.connect(url, user(), password(), 8);
        db.migrate();
        return new TestDatabase(name, url, db);
    }

    static void drop(String name) {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(adminUrl(), user(), password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Test database setup failed (" + sql + ") on " + adminUrl()
                    + " as " + user() + ": " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** One test class's database. */
    public record TestDatabase(String name, String url, Database db) implements AutoCloseable {
        @Override
        public void close() {
            db.close();
            drop(name);
        }
    }
}
