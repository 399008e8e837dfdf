package io.parley.server.platform.db;

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
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit per organisation. Each organisation has one lane: work that arrives while its
 * transactions run is stored together in the next one — one lock of the organisation's event
 * counter, one commit and one {@code NOTIFY} for many items instead of one each, which is what a
 * burst of webhooks from Meta or a thousand sends a second need. {@link #commit} returns only once
 * the transaction holding the item committed; {@link #offer} does not wait. Should a batch fail, its items are retried one by
 * one, so an item that cannot be stored fails alone.
 *
 * @param <D> one item of work for one organisation
 */
public final class GroupCommits<D> {
    private static final Logger LOG = Logger.getLogger(GroupCommits.class.getName());
    private static final int MAX_BATCH = 64;
    private final Database db;
    private final int inFlight;
    private final BiConsumer<Tx, List<D>> store;
    private final Map<Long, Lane> lanes = new ConcurrentHashMap<>();
    /*
     * Platform threads: a lane does little but wait on its database connection, statement after
     * statement, and a virtual thread pays a scheduler hand-off for each of those waits.
     */
    private final ExecutorService drainers;

    /**
     * @param name     names the lanes' threads
     * @param inFlight transactions an organisation's lane runs at once. With two, the next batch is
     *                 built while one waits on the database, so neither idles — for callers waiting on
     *                 their commit. With one, batches are larger and cost less per item. A caller
     *                 whose batches can share rows takes them in a fixed order (InboundStore#receiveAll
     *                 sorts by customer), so that two transactions wait on each other rather than deadlock.
     * @param store    writes items in the given transaction, which is bound to their organisation
     */
    public GroupCommits(String name, int inFlight, Database db, BiConsumer<Tx, List<D>> store) {
        this.db = db;
        this.inFlight = inFlight;
        this.store = store;
        this.drainers = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name(name + "-commit-", 0).factory());
    }

    /** Stores the item for the organisation; returns once it is committed, or throws why it is not. */
    public void commit(long orgId, D delivery) {
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

    /**
     * Queues the item for the organisation's next commit and returns at once; for work whose caller
     * has a way back should it never commit. A failure is logged.
     */
    public void offer(long orgId, D item) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        done.whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, "A group commit of org " + orgId + " failed", failure);
            }
        });
        lanes.computeIfAbsent(orgId, Lane::new).offer(new Pending<>(item, done));
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
                if (draining < inFlight) {
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
