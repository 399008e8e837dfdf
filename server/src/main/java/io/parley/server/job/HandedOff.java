package io.parley.server.job;

/**
 * Not a failure and not done yet: the handler passed the job's last step on (such as a group
 * commit) and returns its thread at once. Whoever took it over marks the job done in the
 * transaction that finishes the work ({@link JobQueue#complete}). Should that never commit (a
 * crash), the job's lease runs out and it is claimed again.
 */
public final class HandedOff extends RuntimeException {
    public HandedOff() {
        super(null, null, false, false);
    }
}
