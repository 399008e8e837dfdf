package io.parley.server.platform.db;

import io.parley.server.platform.error.ConflictException;

import java.sql.SQLException;
import java.util.function.Supplier;

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

    /** Runs {@code work}; a violation of the unique constraint {@code constraint} becomes a 409 saying {@code conflict}. */
    public static <T> T conflictOnDuplicate(String constraint, String conflict, Supplier<T> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (isUniqueViolation(e, constraint)) {
                throw new ConflictException(conflict);
            }
            throw e;
        }
    }
}
