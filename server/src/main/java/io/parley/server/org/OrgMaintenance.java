package io.parley.server.org;

import io.parley.server.job.Job;
import io.parley.server.job.JobHandler;
import io.parley.server.job.JobQueue;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.Rows;
import io.parley.server.platform.db.Tx;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Each organisation's housekeeping (job {@value #JOB}, scheduled at registration and re-scheduling
 * itself every {@link #EVERY}): events past the retention window are pruned — a stream resuming
 * from before them then gets a {@code reset} — and so are remembered webhook notices, statuses that
 * never found their message, and finished jobs.
 */
public final class OrgMaintenance implements JobHandler {
    public static final String JOB = "org.maintenance";
    public static final Duration EVERY = Duration.ofHours(1);
    public static final Duration RETENTION = Duration.ofDays(7);

    private final Database db;
    private final JobQueue jobs;
    private final Clock clock;

    public OrgMaintenance(Database db, JobQueue jobs, Clock clock) {
        this.db = db;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** Called in the transaction that creates the organisation. */
    public void schedule(Tx tx) {
        jobs.enqueue(tx, JOB, Map.of(), clock.instant().plus(EVERY));
    }

    @Override
    public void run(Job job) {
        Instant cutoff = clock.instant().minus(RETENTION);
        db.runInOrg(job.orgId(), tx -> {
            prune(tx, cutoff);
            schedule(tx);
        });
    }

    /** Removes what is older than {@code cutoff}; remembers how far events went. */
    public void prune(Tx tx, Instant cutoff) {
        long pruned = tx.get("SELECT COALESCE(max(id), 0) AS id FROM event WHERE org_id = :org AND created_at < :cutoff")
                .addParam("org", tx.orgId()).addParam("cutoff", Rows.utc(cutoff)).execute().orElseThrow()
                .column("id").getLong();
        if (pruned > 0) {
            tx.dml("DELETE FROM event WHERE org_id = :org AND id <= :id").addParam("org", tx.orgId()).addParam("id", pruned)
                    .execute();
            tx.dml("UPDATE org SET events_pruned_through = GREATEST(events_pruned_through, :id) WHERE id = :org")
                    .addParam("id", pruned).addParam("org", tx.orgId()).execute();
        }
        for (String sql : new String[]{
                "DELETE FROM seen_notice WHERE org_id = :org AND seen_at < :cutoff",
                "DELETE FROM unmatched_status WHERE org_id = :org AND received_at < :cutoff",
                "DELETE FROM job WHERE org_id = :org AND status <> 'PENDING' AND finished_at < :cutoff"}) {
            tx.dml(sql).addParam("org", tx.orgId()).addParam("cutoff", Rows.utc(cutoff)).execute();
        }
    }
}
