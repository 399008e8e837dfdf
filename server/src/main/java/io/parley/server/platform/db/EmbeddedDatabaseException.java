package io.parley.server.platform.db;

/** The embedded PostgreSQL cannot run on this machine; the message says what to do instead. */
public final class EmbeddedDatabaseException extends RuntimeException {
    public EmbeddedDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
