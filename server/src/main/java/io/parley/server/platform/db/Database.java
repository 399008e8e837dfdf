package io.parley.server.platform.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbTransaction;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The connection pool, the Helidon {@link DbClient} over it, and the only way features open
 * transactions. Every transaction states whose data it works on:
 * <ul>
 *   <li>{@link #inOrg} — one organisation; row-level security hides every other org's rows;</li>
 *   <li>{@link #lookup} — the org is not known yet, the caller holds a key (an email, a token hash)
 *       and may read only the rows carrying that key; once found, {@link Tx#enterOrg} switches the
 *       transaction to that org;</li>
 *   <li>{@link #global} — tables that belong to no organisation.</li>
 * </ul>
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Database.class.getName());
    private static final int MAX_ATTEMPTS = 3;
    private static final String DEADLOCK_DETECTED = "40P01";
    private static final String SERIALIZATION_FAILURE = "40001";
    private final HikariDataSource dataSource;
    private final DbClient client;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.client = JdbcClientBuilder.create()
                .connectionPool(() -> {
                    try {
                        return dataSource.getConnection();
                    } catch (SQLException e) {
                        throw new DatabaseUnavailableException(e);
                    }
                })
                .build();
    }

    public static Database connect(String url, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("parley");
        config.setAutoCommit(true);
        config.setConnectionTimeout(10_000);
        config.setInitializationFailTimeout(15_000);
        return new Database(new HikariDataSource(config));
    }

    /** Applies the Flyway migrations under {@code db/migration}. */
    public void migrate() {
        MigrateResult result = flyway().load().migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("Database schema migrated from version " + (result.initialSchemaVersion == null ? "none"
                    : result.initialSchemaVersion) + " to " + result.targetSchemaVersion
                    + " (" + result.migrationsExecuted + " migrations).");
        }
    }

    /** Applies the migrations up to and including {@code version} only (a restore rebuilds a backup's schema). */
    public void migrateTo(String version) {
        flyway().target(version).load().migrate();
    }

    /** The newest schema version the migrations on the classpath reach. */
    public String latestSchemaVersion() {
        MigrationInfo[] all = flyway().load().info().all();
        return all.length == 0 ? null : all[all.length - 1].getVersion().getVersion();
    }

    private FluentConfiguration flyway() {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration");
    }

    public DbClient client() {
        return client;
    }

    /** For the few things DbClient does not cover, such as LISTEN connections. */
    public DataSource dataSource() {
        return dataSource;
    }

    public <T> T inOrg(long orgId, Function<Tx, T> work) {
        return run(tx -> {
            tx.enterOrg(orgId);
            return work.apply(tx);
        });
    }

    public void runInOrg(long orgId, Consumer<Tx> work) {
        inOrg(orgId, tx -> {
            work.accept(tx);
            return null;
        });
    }

    /** Work on a plain JDBC connection, for what DbClient does not offer (a cursor that streams rows). */
    @FunctionalInterface
    public interface ConnectionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * A read-only transaction of one organisation on a plain JDBC connection, so a large result can
     * be read with a cursor (statement fetch size) instead of whole into memory. The tenant is set
     * the same way {@link Tx#enterOrg} sets it.
     */
    public <T> T readInOrg(long orgId, ConnectionWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try {
                try (var set = c.prepareStatement("SELECT set_config('app.org_id', ?, true)")) {
                    set.setString(1, Long.toString(orgId));
                    set.execute();
                }
                return work.run(c);
            } finally {
                c.rollback();
                c.setReadOnly(false);
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            // A lost connection still reads as "database unavailable" (503) where the error is handled.
            throw new IllegalStateException("Reading from the database failed: " + e.getMessage(), e);
        }
    }

    public <T> T lookup(Lookup kind, String key, Function<Tx, T> work) {
        return run(tx -> {
            tx.allowLookup(kind, key);
            return work.apply(tx);
        });
    }

    public <T> T global(Function<Tx, T> work) {
        return run(work);
    }

    /** True when the database answers a trivial query; used by the health check. */
    public boolean ping() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Runs {@code work} in a transaction. Transactions of one organisation run side by side, so two
     * may deadlock on rows they both change; PostgreSQL then aborts one, and it is run again.
     */
    private <T> T run(Function<Tx, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return runOnce(work);
            } catch (RuntimeException e) {
                if (attempt == MAX_ATTEMPTS || !SqlStates.startsWith(e, DEADLOCK_DETECTED, SERIALIZATION_FAILURE)) {
                    throw e;
                }
                LOG.fine(() -> "Transaction aborted by PostgreSQL (" + e.getMessage() + "); running it again");
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(5, 50));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private <T> T runOnce(Function<Tx, T> work) {
        DbTransaction transaction = client.transaction();
        T result;
        try {
            Tx tx = new Tx(transaction);
            result = work.apply(tx);
            tx.runBeforeCommit();
        } catch (RuntimeException | Error e) {
            try {
                transaction.rollback();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        transaction.commit();
        return result;
    }

    @Override
    public void close() {
        client.close();
        dataSource.close();
    }
}
