package io.parley.server.event;

import io.parley.server.platform.db.Database;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One organisation's recent events, read from the database once for all of this instance's streams
 * of that organisation. Without it every stream ran its own query per wake-up: with 200 agents
 * online, one customer message cost 200 reads. The feed holds every event with an id in
 * {@code (floor, top]}; a stream whose position is inside that range is served from memory, any
 * other (resuming from further back, or a restricted agent) reads the table itself.
 *
 * <p>The feed reads after {@code top} in id order, and an organisation's events commit in id order
 * ({@link EventLog}), so what it has read has no gaps. Streams are woken only after the feed has
 * what woke them.
 */
final class EventFeed {
    private static final Logger LOG = Logger.getLogger(EventFeed.class.getName());
    /** Roughly a minute of a busy organisation; older positions read the table. */
    private static final int KEEP = 2_000;
    private static final int READ = 500;

    private final long orgId;
    private final Database db;
    private final EventRepository events;
    private final Set<EventHub.Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final Semaphore signal = new Semaphore(0);
    private final List<Frame> recent = new ArrayList<>();
    private long floor = Long.MAX_VALUE;
    private long top = Long.MAX_VALUE;
    private volatile boolean running = true;

    /** One event as it goes on the wire. */
    record Frame(long id, String text) {
    }

    EventFeed(long orgId, Database db, EventRepository events) {
        this.orgId = orgId;
        this.db = db;
        this.events = events;
    }

    void start() {
        signal.release();
        Thread.ofVirtual().name("event-feed-" + orgId).start(this::loop);
    }

    void stop() {
        running = false;
        signal.release();
    }

    void add(EventHub.Subscriber subscriber) {
        subscribers.add(subscriber);
    }

    /** False when this was the last stream; the feed then stops. */
    boolean remove(EventHub.Subscriber subscriber) {
        subscribers.remove(subscriber);
        return !subscribers.isEmpty();
    }

    int streams() {
        return subscribers.size();
    }

    /** Something was committed (or may have been): read it. */
    void signal() {
        signal.release();
    }

    /**
     * Up to {@code limit} events after {@code last}, or empty when the feed cannot tell (the position
     * is older than what it keeps, or it has not read the table yet): then the caller reads the table.
     */
    synchronized Optional<List<Frame>> after(long last, int limit) {
        if (last < floor || top == Long.MAX_VALUE) {
            return Optional.empty();
        }
        int from = firstAfter(last);
        return Optional.of(List.copyOf(recent.subList(from, Math.min(recent.size(), from + limit))));
    }

    private int firstAfter(long last) {
        int low = 0;
        int high = recent.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (recent.get(mid).id() <= last) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private void loop() {
        boolean failed = false;
        while (running) {
            try {
                if (failed) {
                    signal.tryAcquire(1, TimeUnit.SECONDS);
                } else {
                    signal.acquire();
                }
                signal.drainPermits();
                if (!running) {
                    return;
                }
                read();
                failed = false;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The database is away (restart): streams keep their clients; try again shortly.
                LOG.log(Level.FINE, "Event feed of org " + orgId + " cannot read events", e);
                failed = true;
                continue;
            }
            subscribers.forEach(EventHub.Subscriber::wake);
        }
    }

    private void read() {
        if (top == Long.MAX_VALUE) {
            long latest = db.inOrg(orgId, events::position).latest();
            synchronized (this) {
                floor = latest;
                top = latest;
            }
        }
        while (true) {
            long from = top;
            List<EventRepository.StoredEvent> batch = db.inOrg(orgId, tx -> events.after(tx, from, READ, null));
            if (batch.isEmpty()) {
                return;
            }
            synchronized (this) {
                batch.forEach(e -> recent.add(new Frame(e.id(), e.frame())));
                top = batch.getLast().id();
                if (recent.size() > 2 * KEEP) {
                    List<Frame> dropped = recent.subList(0, recent.size() - KEEP);
                    floor = dropped.getLast().id();
                    dropped.clear();
                }
            }
            if (batch.size() < READ) {
                return;
            }
        }
    }
}
