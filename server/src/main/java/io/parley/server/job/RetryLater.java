package io.parley.server.job;

import java.time.Duration;

/** Not a failure: the job cannot run yet (rate limit, ordering) and is due again after {@code delay}. */
public final class RetryLater extends RuntimeException {
    private final Duration delay;

    public RetryLater(Duration delay, String reason) {
        super(reason, null, false, false);
        this.delay = delay;
    }

    public Duration delay() {
        return delay;
    }
}
