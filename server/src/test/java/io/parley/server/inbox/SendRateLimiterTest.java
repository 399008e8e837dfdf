package io.parley.server.inbox;

import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The limiter's two rules against the real database (the end-to-end burst is in ThroughputTest). */
class SendRateLimiterTest extends ServerTestSupport {

    @Test
    void aChannelGetsAtMostItsRateInAnyWindow() {
        SendRateLimiter limiter = new SendRateLimiter(db);
        long channel = 9_000_001L;

        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire(channel, 3, "recipient-" + i)).isZero();
        }
        Duration wait = limiter.tryAcquire(channel, 3, "recipient-3");

        assertThat(wait).isPositive().isLessThanOrEqualTo(SendRateLimiter.WINDOW);
        assertThat(limiter.tryAcquire(9_000_002L, 3, "recipient-3")).as("another channel is not affected").isZero();
    }

    @Test
    void oneRecipientGetsABurstThenWaitsItsTurn() {
        SendRateLimiter limiter = new SendRateLimiter(db);
        long channel = 9_000_003L;

        for (int i = 0; i < SendRateLimiter.PAIR_BURST; i++) {
            assertThat(limiter.tryAcquire(channel, 80, "+4915112340001")).isZero();
        }
        Duration wait = limiter.tryAcquire(channel, 80, "+4915112340001");

        assertThat(wait).isGreaterThan(Duration.ofSeconds(20)).isLessThanOrEqualTo(SendRateLimiter.PAIR_WINDOW);
        assertThat(limiter.tryAcquire(channel, 80, "+4915112340002")).as("other customers are not held up").isZero();
    }
}
