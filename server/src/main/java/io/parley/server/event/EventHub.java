package io.parley.server.event;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The open event streams of this server instance, by organisation. A wake-up carries no data: each
 * stream re-reads the event table from its own position, so a lost or merged wake-up loses nothing
 * and a slow client only ever holds up itself.
 */
public final class EventHub {
    private final Map<Long, Set<Subscriber>> byOrg = new ConcurrentHashMap<>();

    /** One open stream. */
    public static final class Subscriber {
        private final long orgId;
        private final Semaphore signal = new Semaphore(0);

        private Subscriber(long orgId) {
            this.orgId = orgId;
        }

        /** Waits until woken or the timeout passes; true when woken. */
        public boolean await(Duration timeout) throws InterruptedException {
            boolean woken = signal.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
            signal.drainPermits();
            return woken;
        }

        void wake() {
            signal.release();
        }
    }

    public Subscriber subscribe(long orgId) {
        Subscriber subscriber = new Subscriber(orgId);
        byOrg.computeIfAbsent(orgId, id -> ConcurrentHashMap.newKeySet()).add(subscriber);
        return subscriber;
    }

    public void unsubscribe(Subscriber subscriber) {
        byOrg.computeIfPresent(subscriber.orgId, (id, set) -> {
            set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
    }

    public void wake(long orgId) {
        Set<Subscriber> subscribers = byOrg.get(orgId);
        if (subscribers != null) {
            subscribers.forEach(Subscriber::wake);
        }
    }

    /** After a missed-notification risk (listener reconnected): everyone re-reads. */
    public void wakeAll() {
        byOrg.values().forEach(set -> set.forEach(Subscriber::wake));
    }

    public int openStreams() {
        return byOrg.values().stream().mapToInt(Set::size).sum();
    }
}
