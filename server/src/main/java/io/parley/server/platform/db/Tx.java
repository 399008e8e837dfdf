package io.parley.server.platform.db;

import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbStatementDml;
import io.helidon.dbclient.DbStatementGet;
import io.helidon.dbclient.DbStatementQuery;
import io.helidon.dbclient.DbTransaction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One database transaction with its tenant context. Statements use Helidon DbClient named
 * parameters ({@code :name}); {@link #list} closes the result stream it reads.
 */
public final class Tx {
    private final DbTransaction db;
    private final Map<Object, Runnable> beforeCommit = new HashMap<>();
    private final List<Runnable> beforeCommitOrder = new ArrayList<>();
    private Long orgId;

    Tx(DbTransaction db) {
        this.db = db;
    }

    /** Binds the rest of this transaction to one organisation (row-level security key). */
    public void enterOrg(long orgId) {
        db.createGet("SELECT set_config('app.org_id', :org, true)")
                .addParam("org", Long.toString(orgId))
                .execute();
        this.orgId = orgId;
    }

    void allowLookup(Lookup kind, String key) {
        db.createGet("SELECT set_config(:name, :key, true)")
                .addParam("name", kind.setting())
                .addParam("key", key)
                .execute();
    }

    /** The organisation this transaction is bound to. */
    public long orgId() {
        if (orgId == null) {
            throw new IllegalStateException("This transaction is not bound to an organisation");
        }
        return orgId;
    }

    /**
     * The action registered under {@code key} to run just before this transaction commits, created
     * (and registered) by {@code create} on first use: lets a feature collect work over a transaction
     * and write it in one go — such as events, whose ids are taken together at the end.
     */
    public <T extends Runnable> T beforeCommit(Object key, Supplier<T> create) {
        @SuppressWarnings("unchecked")
        T action = (T) beforeCommit.computeIfAbsent(key, k -> {
            T created = create.get();
            beforeCommitOrder.add(created);
            return created;
        });
        return action;
    }

    void runBeforeCommit() {
        // An action may register another (or add to itself); run until nothing new appears.
        for (int i = 0; i < beforeCommitOrder.size(); i++) {
            beforeCommitOrder.get(i).run();
        }
    }

    public DbStatementQuery query(String sql) {
        return db.createQuery(sql);
    }

    public DbStatementGet get(String sql) {
        return db.createGet(sql);
    }

    public DbStatementDml dml(String sql) {
        return db.createDmlStatement(sql);
    }

    public static <T> List<T> list(DbStatementQuery query, Function<DbRow, T> mapper) {
        try (Stream<DbRow> rows = query.execute()) {
            return rows.map(mapper).toList();
        }
    }

    public static <T> Optional<T> one(DbStatementGet get, Function<DbRow, T> mapper) {
        return get.execute().map(mapper);
    }
}
