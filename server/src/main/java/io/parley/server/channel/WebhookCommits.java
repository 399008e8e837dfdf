package io.parley.server.channel;

import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.DatabaseUnavailableException;
import io.parley.server.platform.db.Tx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;

/**
 * Group commit for webhook deliveries. Each organisation has one lane: deliveries that arrive while
 * its transactions run are stored together in the next one — one lock, one commit and one
 * {@code NOTIFY} for many deliveries instead of one each, which is what a burst from Meta needs.
 * A delivery is still answered only after the transaction holding it committed. Should a batch fail,
 * its deliveries are retried one by one, so a delivery that cannot be stored fails alone.
 *
 * @param <D> one delivery's work for one organisation
 */
final class WebhookCommits<D> {
    private static final int MAX_BATCH = 64;
    /*
     * Transactions an organisation's lane runs at once: while one waits on the database, the next
     * batch is being built, so neither the server nor the database idles. Their rows are taken in
     * the same order (see InboundStore#receiveAll), so they wait on each other rather than deadlock.
     */
    private static final int IN_FLIGHT = 2;

    private final Database db;
    private final BiConsumer<Tx, List<D>> store;
    private final Map<Long, Lane> lanes = new ConcurrentHashMap<>();
    /*
     * Platform threads: a lane does little but wait on its database connection, statement after
     * statement, and a virtual thread pays a scheduler hand-off for each of those waits.
     */
    private final ExecutorService drainers = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("webhook-commit-", 0).factory());

    /** {@code store} writes deliveries in the given transaction, which is bound to their org. */
    WebhookCommits(Database db, BiConsumer<Tx, List<D>> store) {
        this.db = db;
        this.store = store;
    }

    /** Stores the delivery for the organisation; returns once it is committed, or throws why it is not. */
    void commit(long orgId, D delivery) {
        Pending<D> pending = new Pending<>(delivery, new CompletableFuture<>());
        lanes.computeIfAbsent(orgId, Lane::new).offer(pending);
        try {
            pending.done().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private record Pending<D>(D delivery, CompletableFuture<Void> done) {
    }

    /** One organisation's queue and the threads draining it while it is not empty. */
    private final class Lane {
        private final long orgId;
        private final ReentrantLock lock = new ReentrantLock();
        private final ArrayDeque<Pending<D>> queue = new ArrayDeque<>();
        private int draining;

        Lane(long orgId) {
            this.orgId = orgId;
        }

        void offer(Pending<D> pending) {
            lock.lock();
            try {
                queue.add(pending);
                if (draining < IN_FLIGHT) {
                    draining++;
                    drainers.execute(this::drain);
                }
            } finally {
                lock.unlock();
            }
        }

        private void drain() {
            while (true) {
                List<Pending<D>> batch = new ArrayList<>();
                lock.lock();
                try {
                    while (batch.size() < MAX_BATCH && !queue.isEmpty()) {
                        batch.add(queue.poll());
                    }
                    if (batch.isEmpty()) {
                        draining--;
                        return;
                    }
                } finally {
                    lock.unlock();
                }
                commitBatch(batch);
            }
        }

        private void commitBatch(List<Pending<D>> batch) {
            try {
                List<D> deliveries = batch.stream().map(Pending::delivery).toList();
                db.runInOrg(orgId, tx -> store.accept(tx, deliveries));
                batch.forEach(p -> p.done().complete(null));
            } catch (RuntimeException | Error e) {
                if (batch.size() == 1 || DatabaseUnavailableException.explains(e)) {
                    // No point in trying each on its own: the database itself is away.
                    batch.forEach(p -> p.done().completeExceptionally(e));
                    return;
                }
                for (Pending<D> p : batch) {
                    try {
                        db.runInOrg(orgId, tx -> store.accept(tx, List.of(p.delivery())));
                        p.done().complete(null);
                    } catch (RuntimeException | Error single) {
                        p.done().completeExceptionally(single);
                    }
                }
            }
        }
    }
}
