package io.parley.server.platform.backup;

/** A backup or restore cannot go on; the message says why in one sentence a person can act on. */
public final class BackupException extends RuntimeException {
    public BackupException(String message) {
        super(message);
    }
}
