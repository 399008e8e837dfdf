package io.parley.server.sending;

import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limiter's slots against the real database, as two server instances would take them (the
 * end-to-end burst against a fake Graph API is in ThroughputTest).
 */
class SendRateLimiterTest extends ServerTestSupport {

    @Test
    void slotsAreSpacedEvenlyAndAnotherChannelIsNotHeldUp() {
        SendRateLimiter limiter = new SendRateLimiter(db);
        long channel = 9_000_001L;
        Duration spacing = SendRateLimiter.spacing(3);

        assertThat(limiter.reserve(channel, 3)).isZero();
        Duration second = limiter.reserve(channel, 3);
        Duration third = limiter.reserve(channel, 3);
        assertThat(second).as("the next send waits its turn, not the window").isPositive()
                .isLessThanOrEqualTo(spacing);
        // Each wait is counted from its own call, a moment after the one before.
        assertThat(third.minus(second)).isBetween(spacing.minusMillis(50), spacing);
        assertThat(limiter.reserve(9_000_002L, 3)).as("another channel is not affected").isZero();
    }

    @Test
    void oneInstanceContinuesItsSlicesWithoutLosingTimeBetweenThem() {
        SendRateLimiter limiter = new SendRateLimiter(db);
        long channel = 9_000_004L;
        int rate = 100;
        List<Long> slots = new ArrayList<>();
        for (int i = 0; i < 3 * rate; i++) {
            // The wait counts from the limiter's clock reading after any round trip: the time is read after the call.
            long wait = limiter.reserve(channel, rate).toNanos();
            slots.add(System.nanoTime() + wait);
        }

        // Sixty slices: each giving up a round trip at its start, as one whose start is uncertain must, would add
        // tens of milliseconds.
        long spacing = SendRateLimiter.spacing(rate).toNanos();
        assertThat(slots.getLast() - slots.getFirst()).as("three seconds of slots, back to back")
                .isBetween((slots.size() - 1) * spacing - Duration.ofMillis(2).toNanos(),
                        (slots.size() - 1) * spacing + Duration.ofMillis(5).toNanos());
    }

    @Test
    void twoInstancesTogetherNeverHandOutMoreThanTheRateInAnyWindow() {
        SendRateLimiter first = new SendRateLimiter(db);
        SendRateLimiter second = new SendRateLimiter(db);
        long channel = 9_000_003L;
        int rate = 100;
        List<Long> slots = new ArrayList<>();
        for (int i = 0; i < 3 * rate; i++) {
            // Uneven turns, as two instances' senders would come.
            SendRateLimiter limiter = i % 7 < 4 ? first : second;
            slots.add(System.nanoTime() + limiter.reserve(channel, rate).toNanos());
        }
        List<Long> sorted = slots.stream().sorted().toList();

        long spacing = SendRateLimiter.spacing(rate).toNanos();
        assertThat(sorted.getLast() - sorted.getFirst()).as("evenly spread, not in bursts")
                .isGreaterThan((sorted.size() - 1) * spacing - Duration.ofMillis(20).toNanos());
        for (int i = rate; i < sorted.size(); i++) {
            assertThat(sorted.get(i) - sorted.get(i - rate)).as("the window ending at slot " + i + " holds at most the rate")
                    .isGreaterThan(Duration.ofSeconds(1).toNanos());
        }
        assertThat(sorted.getLast() - sorted.getFirst()).as("slots nobody took are let go, not queued for")
                .isLessThan(spacing * slots.size() + Duration.ofSeconds(1).toNanos());
    }
}
