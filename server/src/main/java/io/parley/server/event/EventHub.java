package io.parley.server.event;

import io.parley.server.platform.db.Database;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The open event streams of this server instance, by organisation, each organisation's with one
 * {@link EventFeed} reading its new events for all of them. A wake-up carries no data: the feed
 * re-reads the table from its own position, then wakes the streams, so a lost or merged wake-up
 * loses nothing and a slow client only ever holds up itself.
 */
public final class EventHub {
    private final Database db;
    private final EventRepository events;
    private final Map<Long, EventFeed> feeds = new ConcurrentHashMap<>();

    public EventHub(Database db, EventRepository events) {
        this.db = db;
        this.events = events;
    }

    /** One open stream. */
    public static final class Subscriber {
        private final long orgId;
        private final Semaphore signal = new Semaphore(0);
        private volatile EventFeed feed;

        private Subscriber(long orgId) {
            this.orgId = orgId;
        }

        /** Waits until woken or the timeout passes; true when woken. */
        public boolean await(Duration timeout) throws InterruptedException {
            boolean woken = signal.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
            signal.drainPermits();
            return woken;
        }

        /**
         * Up to {@code limit} events after {@code last} as stream frames, from the organisation's
         * feed; empty when the feed does not reach back that far, and the table must be read instead.
         */
        Optional<List<EventFeed.Frame>> recent(long last, int limit) {
            return feed.after(last, limit);
        }

        void wake() {
            signal.release();
        }
    }

    public Subscriber subscribe(long orgId) {
        Subscriber subscriber = new Subscriber(orgId);
        // compute() makes joining a feed and the last stream leaving it one step each, never interleaved.
        feeds.compute(orgId, (id, feed) -> {
            EventFeed joined = feed;
            if (joined == null) {
                joined = new EventFeed(orgId, db, events);
                joined.start();
            }
            joined.add(subscriber);
            subscriber.feed = joined;
            return joined;
        });
        return subscriber;
    }

    public void unsubscribe(Subscriber subscriber) {
        feeds.computeIfPresent(subscriber.orgId, (id, feed) -> {
            if (feed.remove(subscriber)) {
                return feed;
            }
            feed.stop();
            return null;
        });
    }

    public void wake(long orgId) {
        EventFeed feed = feeds.get(orgId);
        if (feed != null) {
            feed.signal();
        }
    }

    /** After a missed-notification risk (listener reconnected): every feed re-reads. */
    public void wakeAll() {
        feeds.values().forEach(EventFeed::signal);
    }

    public int openStreams() {
        return feeds.values().stream().mapToInt(EventFeed::streams).sum();
    }
}
