package io.parley.server.inbox;

import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The limiter's rules against the real database (the end-to-end burst is in ThroughputTest). */
class SendRateLimiterTest extends ServerTestSupport {

    @Test
    void sendsAreSpacedEvenlyAndAChannelGetsAtMostItsRateInAnyWindow() throws InterruptedException {
        SendRateLimiter limiter = new SendRateLimiter(db);
        long channel = 9_000_001L;
        Duration spacing = SendRateLimiter.WINDOW.dividedBy(3);

        assertThat(limiter.tryAcquire(channel, 3, "recipient-0")).isZero();
        Duration paced = limiter.tryAcquire(channel, 3, "recipient-1");
        assertThat(paced).as("the next send waits its turn, not the window").isPositive().isLessThanOrEqualTo(spacing);
        assertThat(limiter.tryAcquire(9_000_002L, 3, "recipient-1")).as("another channel is not affected").isZero();

        acquireWhenDue(limiter, channel, 3, "recipient-1");
        acquireWhenDue(limiter, channel, 3, "recipient-2");
        Duration wait = limiter.tryAcquire(channel, 3, "recipient-3");
        assertThat(wait).isPositive().isLessThanOrEqualTo(SendRateLimiter.WINDOW);
    }

    private static void acquireWhenDue(SendRateLimiter limiter, long channel, int rate, String recipient)
            throws InterruptedException {
        for (Duration wait = limiter.tryAcquire(channel, rate, recipient); !wait.isZero();
             wait = limiter.tryAcquire(channel, rate, recipient)) {
            assertThat(wait).isLessThanOrEqualTo(SendRateLimiter.WINDOW.dividedBy(rate));
            Thread.sleep(wait);
        }
    }

    @Test
    void oneRecipientGetsABurstThenWaitsItsTurn() throws InterruptedException {
        SendRateLimiter limiter = new SendRateLimiter(db);
        long channel = 9_000_003L;

        for (int i = 0; i < SendRateLimiter.PAIR_BURST; i++) {
            acquireWhenDue(limiter, channel, 80, "+4915112340001");
        }
        Thread.sleep(SendRateLimiter.WINDOW.dividedBy(80));
        Duration wait = limiter.tryAcquire(channel, 80, "+4915112340001");

        assertThat(wait).isGreaterThan(Duration.ofSeconds(20)).isLessThanOrEqualTo(SendRateLimiter.PAIR_WINDOW);
        assertThat(limiter.tryAcquire(channel, 80, "+4915112340002")).as("other customers are not held up").isZero();
    }
}
