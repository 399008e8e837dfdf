package io.parley.server.inbox;

import io.parley.server.platform.crypto.Tokens;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.Rows;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * WhatsApp's send limits, enforced across every server instance through PostgreSQL: a per-channel
 * advisory lock serialises the decision, and {@code send_log} is an exact sliding window.
 * <ul>
 *   <li>throughput: at most {@code messagesPerSecond} sends in any window of {@link #WINDOW} (a
 *       little over a second), spaced evenly — {@code WINDOW / messagesPerSecond} apart — rather than
 *       in bursts, so that network jitter would have to squeeze many sends together before Meta saw
 *       one second hold more than its limit;</li>
 *   <li>pair rate: at most {@link #PAIR_BURST} sends to one recipient in {@link #PAIR_WINDOW} — on
 *       average one per 6 s, as Meta allows, with room for an agent's quick follow-up.</li>
 * </ul>
 * A send that would break either is told how long to wait; it is queued, never failed.
 */
public final class SendRateLimiter {
    static final Duration WINDOW = Duration.ofMillis(1020);
    static final int PAIR_BURST = 5;
    static final Duration PAIR_WINDOW = Duration.ofSeconds(30);

    private final Database db;
    /**
     * This instance's senders of one number queue here, not on the advisory lock: waiting for that
     * lock holds a pooled connection, and a burst of sends then took every connection from the API.
     */
    private final Map<Long, ReentrantLock> local = new ConcurrentHashMap<>();

    public SendRateLimiter(Database db) {
        this.db = db;
    }

    /** Reserves a send slot now, or returns how long to wait before asking again. */
    public Duration tryAcquire(long channelId, int messagesPerSecond, String recipient) {
        ReentrantLock gate = local.computeIfAbsent(channelId, id -> new ReentrantLock(true));
        gate.lock();
        try {
            return reserve(channelId, messagesPerSecond, recipient);
        } finally {
            gate.unlock();
        }
    }

    private Duration reserve(long channelId, int messagesPerSecond, String recipient) {
        String recipientHash = Tokens.hash(channelId + ":" + recipient);
        return db.global(tx -> {
            tx.get("SELECT count(*) AS n FROM (SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))) AS locked")
                    .addParam("key", "send:" + channelId).execute();
            Instant now = Rows.instant(tx.get("SELECT clock_timestamp() AS now").execute().orElseThrow(), "now");
            var window = tx.get("SELECT count(*) AS n, min(sent_at) AS oldest, max(sent_at) AS newest FROM (SELECT sent_at FROM send_log"
                            + " WHERE channel_id = :channel AND sent_at > :since ORDER BY sent_at DESC LIMIT :max) recent")
                    .addParam("channel", channelId).addParam("since", Rows.utc(now.minus(WINDOW)))
                    .addParam("max", messagesPerSecond).execute().orElseThrow();
            if (window.column("n").getLong() >= messagesPerSecond) {
                return positive(Duration.between(now, Rows.instant(window, "oldest").plus(WINDOW)));
            }
            if (window.column("n").getLong() > 0) {
                Instant next = Rows.instant(window, "newest").plus(WINDOW.dividedBy(messagesPerSecond));
                if (next.isAfter(now)) {
                    return Duration.between(now, next);
                }
            }
            var pair = tx.get("SELECT count(*) AS n, min(sent_at) AS oldest FROM (SELECT sent_at FROM send_log"
                            + " WHERE channel_id = :channel AND recipient_hash = :recipient AND sent_at > :since"
                            + " ORDER BY sent_at DESC LIMIT :max) recent")
                    .addParam("channel", channelId).addParam("recipient", recipientHash)
                    .addParam("since", Rows.utc(now.minus(PAIR_WINDOW))).addParam("max", PAIR_BURST)
                    .execute().orElseThrow();
            if (pair.column("n").getLong() >= PAIR_BURST) {
                return positive(Duration.between(now, Rows.instant(pair, "oldest").plus(PAIR_WINDOW)));
            }
            tx.dml("INSERT INTO send_log (channel_id, recipient_hash, sent_at) VALUES (:channel, :recipient, :at)")
                    .addParam("channel", channelId).addParam("recipient", recipientHash).addParam("at", Rows.utc(now))
                    .execute();
            tx.dml("DELETE FROM send_log WHERE channel_id = :channel AND sent_at < :old")
                    .addParam("channel", channelId).addParam("old", Rows.utc(now.minus(PAIR_WINDOW.multipliedBy(2))))
                    .execute();
            return Duration.ZERO;
        });
    }

    private static Duration positive(Duration d) {
        return d.isNegative() || d.isZero() ? Duration.ofMillis(1) : d;
    }
}
