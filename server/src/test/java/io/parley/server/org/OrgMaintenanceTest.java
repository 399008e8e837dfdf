package io.parley.server.org;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.server.job.JobQueue;
import io.parley.server.testing.ServerTestSupport;
import io.parley.server.testing.SseClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** Event retention: old events go, and a stream resuming from before them is told to reload. */
class OrgMaintenanceTest extends ServerTestSupport {

    @Test
    void eventsPastTheRetentionWindowArePrunedAndOldResumePointsGetAReset() {
        Member owner = registerOrg("Retention");
        long channel = api.post("/api/v1/channels", obj("name", "S", "provider", "sandbox"), owner.accessToken())
                .json().get("id").asLong();
        api.post("/api/v1/sandbox/" + channel + "/inbound", obj("from", "+4915112341001", "text", "old news"), owner.accessToken());
        long oldest = db.inOrg(owner.orgId(), tx -> tx.get("SELECT max(id) AS id FROM event").execute().orElseThrow()
                .column("id").getLong());
        db.runInOrg(owner.orgId(), tx -> tx.dml("UPDATE event SET created_at = now() - interval '8 days'").execute());
        api.post("/api/v1/sandbox/" + channel + "/inbound", obj("from", "+4915112341001", "text", "fresh news"), owner.accessToken());
        OrgMaintenance maintenance = new OrgMaintenance(db, new JobQueue(new ObjectMapper()), clock);

        db.runInOrg(owner.orgId(), tx -> maintenance.prune(tx, clock.instant().minus(OrgMaintenance.RETENTION)));

        long left = db.inOrg(owner.orgId(), tx -> tx.get("SELECT count(*) AS n FROM event WHERE id <= :id")
                .addParam("id", oldest).execute().orElseThrow().column("n").getLong());
        assertThat(left).isZero();
        try (SseClient stale = SseClient.connect(server.port(), owner.accessToken(), 1L)) {
            assertThat(stale.next(Duration.ofSeconds(5)).type()).isEqualTo("reset");
        }
        try (SseClient recent = SseClient.connect(server.port(), owner.accessToken(), oldest)) {
            assertThat(recent.until(e -> e.data().contains("fresh news"), Duration.ofSeconds(5)))
                    .noneMatch(e -> e.type().equals("reset"));
        }
        long scheduled = db.inOrg(owner.orgId(), tx -> tx.get("SELECT count(*) AS n FROM job WHERE kind = :kind")
                .addParam("kind", OrgMaintenance.JOB).execute().orElseThrow().column("n").getLong());
        assertThat(scheduled).as("registration schedules the housekeeping").isEqualTo(1);
    }
}
