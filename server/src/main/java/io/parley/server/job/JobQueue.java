package io.parley.server.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.server.platform.db.Rows;
import io.parley.server.platform.db.Tx;

import java.time.Instant;
import java.util.Collection;

/**
 * Enqueues durable background work in the caller's transaction: the job exists exactly when the
 * change that needs it committed, and a crash loses nothing.
 */
public final class JobQueue {
    private final ObjectMapper mapper;

    public JobQueue(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public long enqueue(Tx tx, String kind, Object payload, Instant runAt) {
        String json;
        try {
            json = mapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Job payload is not serialisable", e);
        }
        long id = tx.get("INSERT INTO job (org_id, kind, payload) VALUES (:org, :kind, CAST(:payload AS jsonb)) RETURNING id")
                .addParam("org", tx.orgId()).addParam("kind", kind).addParam("payload", json)
                .execute().orElseThrow().column("id").getLong();
        tx.dml("INSERT INTO job_due (job_id, run_at) VALUES (:id, COALESCE(:at, now()))")
                .addParam("id", id).addParam("at", Rows.utc(runAt)).execute();
        return id;
    }

    /** Marks jobs of the transaction's organisation done, in the transaction that finished their work. */
    public void complete(Tx tx, Collection<Long> jobIds) {
        Long[] ids = jobIds.toArray(Long[]::new);
        tx.dml("UPDATE job SET status = 'DONE', attempts = attempts + 1, last_error = NULL, finished_at = now()"
                        + " WHERE org_id = :org AND id = ANY(:ids)")
                .addParam("org", tx.orgId()).addParam("ids", ids).execute();
        tx.dml("DELETE FROM job_due WHERE job_id = ANY(:ids)").addParam("ids", ids).execute();
    }
}
