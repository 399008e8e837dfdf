package io.parley.server.inbox;

import io.parley.server.event.EventLog;
import io.parley.server.job.Job;
import io.parley.server.job.JobHandler;
import io.parley.server.platform.db.Database;


/** Reopens a snoozed conversation when its time comes (job {@value ConversationService#WAKE_JOB}). */
public final class SnoozeWaker implements JobHandler {
    private final Database db;
    private final ConversationRepository conversations;
    private final EventLog events;

    public SnoozeWaker(Database db, ConversationRepository conversations, EventLog events) {
        this.db = db;
        this.conversations = conversations;
        this.events = events;
    }

    @Override
    public void run(Job job) {
        long id = job.payload().path("conversationId").asLong();
        db.runInOrg(job.orgId(), tx -> {
            if (conversations.wake(tx, id)) {
                events.append(tx, "conversation.updated", conversations.byId(tx, id).orElseThrow().view());
            }
        });
    }
}
