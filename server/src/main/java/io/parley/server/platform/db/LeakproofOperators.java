package io.parley.server.platform.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.logging.Logger;

/**
 * The operators whose indexes PostgreSQL uses under forced row-level security only when they are
 * marked LEAKPROOF: jsonb containment and key test (segment conditions on custom fields) and the
 * full-text match (contact and message search). Without the mark every such query scans the whole
 * table. Marking needs a superuser; the embedded database does it, another server's administrator
 * runs {@link #STATEMENTS} once (the server says so at start).
 */
public final class LeakproofOperators {
    private static final Logger LOG = Logger.getLogger(LeakproofOperators.class.getName());

    public static final List<String> STATEMENTS = List.of(
            "ALTER FUNCTION jsonb_contains(jsonb, jsonb) LEAKPROOF",
            "ALTER FUNCTION jsonb_exists(jsonb, text) LEAKPROOF",
            "ALTER FUNCTION ts_match_vq(tsvector, tsquery) LEAKPROOF");

    private LeakproofOperators() {
    }

    /** Marks the operators in the database of {@code superuser}'s connection (catalogs are per database). */
    public static void mark(Connection superuser) throws SQLException {
        try (Statement s = superuser.createStatement()) {
            for (String statement : STATEMENTS) {
                s.execute(statement);
            }
        }
    }

    /** Logs, once at start, what to run when the database's operators are not marked. */
    public static void warnIfUnmarked(Database db) {
        boolean marked = db.global(tx -> tx.get("SELECT bool_and(proleakproof) AS marked FROM pg_proc"
                        + " WHERE proname IN ('jsonb_contains', 'jsonb_exists', 'ts_match_vq')")
                .execute().map(row -> row.column("marked").getBoolean()).orElse(false));
        if (!marked) {
            LOG.warning("Searches and segment counts scan whole tables on this PostgreSQL: as a superuser, run in"
                    + " Parley's database: " + String.join("; ", STATEMENTS) + ";");
        }
    }
}
