package io.parley.server.sending;

import io.parley.server.platform.db.Database;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A channel's throughput limit, kept by every server instance together. An instance reserves a
 * slice of the channel's sending time in PostgreSQL ({@code send_pace}) — about a twentieth of a
 * second — and hands out that slice's slots from memory, evenly spaced. Slices never overlap, so
 * whichever instances send, the sends are spaced evenly rather than in bursts, and one round trip
 * buys a slice instead of a send. Slots nobody takes are let go. A slice that follows straight on
 * from the instance's previous one (no other instance took time between) continues its slots
 * exactly; otherwise where it starts is only known to within the round trip, and that much of it is
 * given up.
 *
 * <p>The spacing keeps any second of sends under the channel's rate, as Meta counts them, even when
 * each send goes out up to {@link #LATE_FOR_SLOT} after its slot, the HTTP client and network hold
 * some back by up to {@link #IN_TRANSIT} and release them together, and two slices meet a little
 * early: slots are spaced as if the rate were {@link #HEADROOM} lower and a second that much longer
 * (1,000/s → 974/s; 80/s → 76/s).
 */
public final class SendRateLimiter {
    /** A slot is used within this long of its time or not at all. */
    static final Duration LATE_FOR_SLOT = Duration.ofMillis(10);
    /** Requests sent on time may still arrive up to this much closer together (a busy machine's stalls). */
    static final Duration IN_TRANSIT = Duration.ofMillis(15);
    /** Slots a second keeps back: one for where a second's edges fall, one for slices meeting early. */
    private static final int HEADROOM = 2;
    private static final int SLICES_PER_SECOND = 20;

    private final Database db;
    private final Map<Long, Pace> paces = new ConcurrentHashMap<>();

    public SendRateLimiter(Database db) {
        this.db = db;
    }

    /** This instance's slots of one channel, on the {@link System#nanoTime()} scale. */
    private static final class Pace {
        final ReentrantLock lock = new ReentrantLock(true);
        long next;
        long sliceEnd;
        boolean sliced;
        /** Where this instance's last slice ends, in microseconds since the epoch on the database's clock. */
        long reservedUntil;
    }

    /** A slice as the database handed it out: its bounds on the database's clock, and how soon it ends. */
    private record Slice(long startsAt, long endsAt, long endsIn) {
    }

    /**
     * Reserves the channel's next send slot and returns how long until it comes (zero: now). The
     * slot is the caller's: it sends at that moment, without asking again.
     */
    public Duration reserve(long channelId, int messagesPerSecond) {
        Pace pace = paces.computeIfAbsent(channelId, id -> new Pace());
        pace.lock.lock();
        try {
            long spacing = spacing(messagesPerSecond).toNanos();
            long now = System.nanoTime();
            long slot = pace.sliced ? Math.max(pace.next, now) : now;
            while (!pace.sliced || slot >= pace.sliceEnd) {
                long length = spacing * Math.max(1, messagesPerSecond / SLICES_PER_SECOND);
                long asked = System.nanoTime();
                Slice slice = reserveSlice(channelId, length);
                now = System.nanoTime();
                if (pace.sliced && slice.startsAt() == pace.reservedUntil) {
                    slot = Math.max(pace.next, now);
                    pace.sliceEnd += length;
                } else {
                    // The database read its clock somewhere within the round trip: the slice is taken to start as
                    // late and end as early as it may, so that it never reaches into another instance's slice.
                    slot = Math.max(now + slice.endsIn() - length, now);
                    pace.sliceEnd = asked + slice.endsIn();
                }
                pace.reservedUntil = slice.endsAt();
                pace.sliced = true;
            }
            pace.next = slot + spacing;
            return Duration.ofNanos(slot - now);
        } finally {
            pace.lock.unlock();
        }
    }

    /** The time between two slots of a channel. */
    static Duration spacing(int messagesPerSecond) {
        double paced = Math.max(messagesPerSecond - HEADROOM, messagesPerSecond / 2.0);
        return Duration.ofNanos((long) (Duration.ofSeconds(1).plus(LATE_FOR_SLOT).plus(IN_TRANSIT).toNanos() / paced));
    }

    /** The next {@code nanos} of the channel's sending time not yet handed out. */
    private Slice reserveSlice(long channelId, long nanos) {
        return db.global(tx -> tx.get("INSERT INTO send_pace (channel_id, reserved_until)"
                        + " VALUES (:channel, clock_timestamp() + make_interval(secs => :length))"
                        + " ON CONFLICT (channel_id) DO UPDATE SET reserved_until ="
                        + "   GREATEST(send_pace.reserved_until, clock_timestamp()) + make_interval(secs => :length)"
                        + " RETURNING CAST(EXTRACT(EPOCH FROM reserved_until - make_interval(secs => :length)) * 1000000 AS bigint)"
                        + "   AS starts_at,"
                        + " CAST(EXTRACT(EPOCH FROM reserved_until) * 1000000 AS bigint) AS ends_at,"
                        + " CAST(EXTRACT(EPOCH FROM reserved_until - clock_timestamp()) * 1000000000 AS bigint) AS ends_in")
                .addParam("channel", channelId).addParam("length", nanos / 1e9)
                .execute().map(row -> new Slice(row.column("starts_at").getLong(), row.column("ends_at").getLong(),
                        row.column("ends_in").getLong())).orElseThrow());
    }
}
