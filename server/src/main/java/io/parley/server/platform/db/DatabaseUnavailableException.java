package io.parley.server.platform.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** No connection could be had from the pool (database down or pool exhausted). */
public final class DatabaseUnavailableException extends RuntimeException {
    public DatabaseUnavailableException(Throwable cause) {
        super("The database is not reachable: " + cause.getMessage(), cause);
    }

    /**
     * No connection to be had, or the one in use was cut: SQLSTATE class 08 (connection exception) and
     * 57P (the server shutting down or restarting, e.g. "terminating connection due to administrator command").
     */
    public static boolean explains(Throwable e) {
        // DbClient reports the cut connection on a suppressed rollback failure as often as on the cause.
        Deque<Throwable> pending = new ArrayDeque<>(List.of(e));
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!pending.isEmpty()) {
            Throwable t = pending.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof DatabaseUnavailableException || t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (t.getCause() != null) {
                pending.push(t.getCause());
            }
            pending.addAll(List.of(t.getSuppressed()));
        }
        return false;
    }
}
