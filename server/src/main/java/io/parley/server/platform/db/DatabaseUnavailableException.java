package io.parley.server.platform.db;

import java.sql.SQLTransientConnectionException;

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
        return SqlStates.any(e, t -> t instanceof DatabaseUnavailableException || t instanceof SQLTransientConnectionException)
                || SqlStates.startsWith(e, "08", "57P");
    }
}
