package io.parley.server.platform.db;

import java.sql.SQLException;

/** Recognises constraint violations that are the client's fault rather than ours. */
public final class Constraints {
    private Constraints() {
    }

    /** True when {@code e} (or a cause) is a unique-constraint violation, optionally of a named constraint. */
    public static boolean isUniqueViolation(Throwable e, String constraintOrNull) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return constraintOrNull == null || String.valueOf(sql.getMessage()).contains(constraintOrNull);
            }
        }
        return false;
    }
}
