package io.parley.server.platform.db;

/** No connection could be had from the pool (database down or pool exhausted). */
public final class DatabaseUnavailableException extends RuntimeException {
    public DatabaseUnavailableException(Throwable cause) {
        super("The database is not reachable: " + cause.getMessage(), cause);
    }
}
