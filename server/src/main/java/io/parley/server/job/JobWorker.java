package io.parley.server.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.Lookup;
import io.parley.server.platform.db.Tx;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Claims due jobs from {@code job_due} with {@code FOR UPDATE SKIP LOCKED} (so any number of server
 * instances share the queue without running a job twice at once), runs each on a pooled thread and
 * records the outcome. A claim is a lease, renewed while the job runs: a job whose worker died
 * becomes due again when its lease runs out, a short while after the crash rather than minutes.
 */
public final class JobWorker implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JobWorker.class.getName());
    public static final int MAX_ATTEMPTS = 8;
    private static final int BATCH = 16;
    private static final int IN_FLIGHT = BATCH * 4;

    private final Database db;
    private final ObjectMapper mapper;
    private final Map<String, JobHandler> handlers = new ConcurrentHashMap<>();
    /*
     * Platform threads, as many as may run at once: a job mostly waits on the database, statement
     * after statement, and a virtual thread pays a scheduler hand-off for each of those waits.
     */
    private final ExecutorService runners = Executors.newFixedThreadPool(IN_FLIGHT,
            Thread.ofPlatform().daemon().name("job-", 0).factory());
    private final Semaphore wake = new Semaphore(0);
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final Set<Long> running = ConcurrentHashMap.newKeySet();
    private final Duration lease;
    private volatile boolean started;
    private Thread poller;
    private Thread renewer;

    public JobWorker(Database db, ObjectMapper mapper, Duration lease) {
        this.db = db;
        this.mapper = mapper;
        this.lease = lease;
    }

    public void register(String kind, JobHandler handler) {
        handlers.put(kind, handler);
    }

    public void start() {
        started = true;
        poller = Thread.ofVirtual().name("job-poller").start(this::pollLoop);
        renewer = Thread.ofVirtual().name("job-lease-renewer").start(this::renewLoop);
    }

    /** Extends the leases of the jobs running here, three times per lease, so only a dead worker's expire. */
    private void renewLoop() {
        while (started) {
            try {
                Thread.sleep(lease.dividedBy(3));
                if (!running.isEmpty()) {
                    String ids = running.stream().map(String::valueOf).collect(Collectors.joining(","));
                    db.global(tx -> tx.dml("UPDATE job_due SET locked_until = clock_timestamp() + make_interval(secs => :lease)"
                                    + " WHERE job_id = ANY (CAST(string_to_array(:ids, ',') AS bigint[]))"
                                    + " AND locked_until IS NOT NULL")
                            .addParam("lease", (double) lease.toSeconds()).addParam("ids", ids).execute());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!started) {
                    return;
                }
                LOG.log(Level.WARNING, "Could not renew job leases; retrying", e);
            }
        }
    }

    /** Polls at once instead of at the next tick (after this instance enqueued something). */
    public void wakeUp() {
        wake.release();
    }

    private void pollLoop() {
        while (started) {
            try {
                int claimed = claimAndRun();
                if (claimed < BATCH) {
                    wake.tryAcquire(250, TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!started) {
                    return;
                }
                LOG.log(Level.WARNING, "Job polling failed; retrying", e);
                try {
                    wake.tryAcquire(1, TimeUnit.SECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private int claimAndRun() throws InterruptedException {
        // MATERIALIZED: as an IN (subquery) the planner may run the SKIP LOCKED pick again for every row it
        // joins, claiming far more than :n jobs per poll (one benchmark claimed 181 at a time, in 190 ms).
        List<Long> ids = db.global(tx -> tx.query("WITH next AS MATERIALIZED (SELECT job_id FROM job_due WHERE run_at <= now()"
                        + " AND (locked_until IS NULL OR locked_until < now()) ORDER BY run_at LIMIT :n FOR UPDATE SKIP LOCKED)"
                        + " UPDATE job_due d SET locked_until = now() + make_interval(secs => :lease) FROM next"
                        + " WHERE d.job_id = next.job_id RETURNING d.job_id")
                .addParam("n", BATCH).addParam("lease", (double) lease.toSeconds())
                .execute().map(row -> row.column("job_id").getLong()).toList());
        if (ids.isEmpty()) {
            return 0;
        }
        // The claimed jobs are read together: a round trip per batch rather than per job.
        List<Job> jobs = db.lookup(Lookup.JOBS, ids.stream().map(String::valueOf).collect(Collectors.joining(",")), tx ->
                Tx.list(tx.query("SELECT org_id, id, kind, CAST(payload AS text) AS payload, attempts FROM job"
                                + " WHERE id = ANY(:ids)").addParam("ids", ids.toArray(Long[]::new)),
                        row -> new Job(row.column("org_id").getLong(), row.column("id").getLong(),
                                row.column("kind").getString(), parse(row.column("payload").getString()),
                                row.column("attempts").getInt())));
        Set<Long> found = jobs.stream().map(Job::id).collect(Collectors.toSet());
        List<Long> gone = ids.stream().filter(id -> !found.contains(id)).toList();
        if (!gone.isEmpty()) {
            db.global(tx -> tx.dml("DELETE FROM job_due WHERE job_id = ANY(:ids)").addParam("ids", gone.toArray(Long[]::new))
                    .execute());
        }
        for (Job job : jobs) {
            inFlight.acquire();
            running.add(job.id());
            runners.execute(() -> {
                try {
                    runOne(job);
                } finally {
                    running.remove(job.id());
                    inFlight.release();
                }
            });
        }
        return ids.size();
    }

    private void runOne(Job job) {
        long id = job.id();
        JobHandler handler = handlers.get(job.kind());
        try {
            if (handler == null) {
                throw new PermanentJobFailure("No handler for job kind " + job.kind());
            }
            handler.run(job);
            finish(job, "DONE", null);
        } catch (HandedOff e) {
            // Completed by whoever took it over, in their transaction.
        } catch (RetryLater e) {
            postpone(job, e.delay());
        } catch (PermanentJobFailure e) {
            LOG.warning("Job " + id + " (" + job.kind() + ") failed for good: " + e.getMessage());
            finish(job, "FAILED", e.getMessage());
        } catch (Exception e) {
            int attempts = job.attempts() + 1;
            if (attempts >= MAX_ATTEMPTS) {
                LOG.log(Level.WARNING, "Job " + id + " (" + job.kind() + ") failed " + attempts + " times; giving up", e);
                finish(job, "FAILED", String.valueOf(e.getMessage()));
            } else {
                retryLater(job, attempts, String.valueOf(e.getMessage()));
            }
        }
    }

    private void finish(Job job, String status, String error) {
        db.runInOrg(job.orgId(), tx -> {
            tx.dml("UPDATE job SET status = :status, attempts = attempts + 1, last_error = :error, finished_at = now()"
                            + " WHERE org_id = :org AND id = :id")
                    .addParam("status", status).addParam("error", error)
                    .addParam("org", tx.orgId()).addParam("id", job.id()).execute();
            tx.dml("DELETE FROM job_due WHERE job_id = :id").addParam("id", job.id()).execute();
        });
    }

    private void postpone(Job job, Duration delay) {
        db.global(tx -> tx.dml("UPDATE job_due SET run_at = clock_timestamp() + make_interval(secs => :delay),"
                        + " locked_until = NULL WHERE job_id = :id")
                .addParam("delay", delay.toMillis() / 1000.0).addParam("id", job.id()).execute());
        wake.release();
    }

    /** Exponential backoff: 2 s, 4 s, 8 s, … capped at 10 minutes. */
    private void retryLater(Job job, int attempts, String error) {
        long delaySeconds = Math.min(600, 1L << Math.min(attempts, 10));
        db.runInOrg(job.orgId(), tx -> {
            tx.dml("UPDATE job SET attempts = :attempts, last_error = :error WHERE org_id = :org AND id = :id")
                    .addParam("attempts", attempts).addParam("error", error)
                    .addParam("org", tx.orgId()).addParam("id", job.id()).execute();
            tx.dml("UPDATE job_due SET run_at = now() + make_interval(secs => :delay), locked_until = NULL WHERE job_id = :id")
                    .addParam("delay", delaySeconds).addParam("id", job.id()).execute();
        });
    }

    private JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("Job payload is not JSON", e);
        }
    }

    /**
     * Stops claiming, lets running jobs finish (up to 10 s) and returns once nothing of this worker
     * uses the database any more, so that the pool can close under no one: a poll is not cut off
     * mid-statement but woken and left to end.
     */
    @Override
    public void close() {
        started = false;
        wake.release();
        try {
            if (renewer != null) {
                renewer.interrupt();
                renewer.join(Duration.ofSeconds(5));
            }
            if (poller != null && !poller.join(Duration.ofSeconds(5))) {
                poller.interrupt();
            }
            runners.shutdown();
            runners.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
