package io.parley.server.platform.error;

import io.helidon.http.Status;

import java.time.Duration;
import java.util.Map;

/** 429 with {@code Retry-After} in whole seconds. */
public final class TooManyRequestsException extends ApiException {
    private final long retryAfterSeconds;

    public TooManyRequestsException(String detail, Duration retryAfter) {
        super(Status.TOO_MANY_REQUESTS_429, "https://parley.io/problems/throttled", "Too many requests", detail);
        this.retryAfterSeconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public Map<String, String> headers() {
        return Map.of("Retry-After", Long.toString(retryAfterSeconds));
    }
}
