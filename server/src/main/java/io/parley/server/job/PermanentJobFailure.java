package io.parley.server.job;

/** A failure that retrying cannot fix (missing row, refused by the provider for good). */
public final class PermanentJobFailure extends RuntimeException {
    public PermanentJobFailure(String message) {
        super(message);
    }
}
