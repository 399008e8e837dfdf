package io.parley.server.channel;

import io.parley.server.event.EventLog;
import io.parley.server.inbox.InboundStore;
import io.parley.server.inbox.StatusUpdate;
import io.parley.server.job.Job;
import io.parley.server.job.JobHandler;
import io.parley.server.platform.db.Database;

import java.time.Clock;
import java.util.List;

/** The sandbox customer's phone reporting delivered / read, through the same status path as Meta's webhooks. */
public final class SandboxStatusJob implements JobHandler {
    private final Database db;
    private final InboundStore inbound;
    private final EventLog events;
    private final Clock clock;

    public SandboxStatusJob(Database db, InboundStore inbound, EventLog events, Clock clock) {
        this.db = db;
        this.inbound = inbound;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void run(Job job) {
        String wamid = job.payload().path("wamid").asText();
        String status = job.payload().path("status").asText();
        db.runInOrg(job.orgId(), tx ->
                inbound.status(tx, new StatusUpdate(wamid, status, clock.instant(), null, List.of(), null, null, job.payload())));
    }
}
