package io.parley.server.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.model.inbox.Conversation;
import io.parley.model.inbox.Message;
import io.parley.server.platform.db.Tx;

/**
 * Appends to the {@code event} table in the caller's transaction, so an event exists exactly when
 * the change it describes committed. Ids come from the organisation's counter, taken under its row
 * lock: event-writing transactions of one organisation commit in id order, which is what lets a
 * stream resume after id N without ever missing a smaller id. Callers append last in their
 * transaction, so the lock is held only until commit. A {@code NOTIFY} tells every server instance.
 */
public final class EventLog {
    public static final String CHANNEL = "parley_events";

    private final ObjectMapper mapper;

    public EventLog(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Takes the organisation's event lock now, at the start of a transaction that will append events
     * after changing other rows: every such transaction then locks in the same order (org first),
     * so two of them cannot deadlock on each other's rows.
     */
    public void takeTurn(Tx tx) {
        tx.get("SELECT id FROM org WHERE id = :org FOR NO KEY UPDATE").addParam("org", tx.orgId()).execute();
    }

    /** The conversation an event is about, for agents who only see some conversations. */
    private static Long conversationOf(Object payload) {
        return switch (payload) {
            case Message m -> m.conversationId();
            case Conversation c -> c.id();
            default -> null;
        };
    }

    public long append(Tx tx, String type, Object payload) {
        String json;
        try {
            json = mapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event payload is not serialisable", e);
        }
        long id = tx.get("UPDATE org SET event_seq = event_seq + 1 WHERE id = :org RETURNING event_seq")
                .addParam("org", tx.orgId()).execute().orElseThrow().column("event_seq").getLong();
        tx.dml("INSERT INTO event (org_id, id, type, payload, conversation_id)"
                        + " VALUES (:org, :id, :type, CAST(:payload AS json), :conversation)")
                .addParam("org", tx.orgId()).addParam("id", id).addParam("type", type).addParam("payload", json)
                .addParam("conversation", conversationOf(payload))
                .execute();
        tx.get("SELECT count(*) AS n FROM (SELECT pg_notify(:channel, :message)) AS sent")
                .addParam("channel", CHANNEL).addParam("message", Long.toString(tx.orgId())).execute();
        return id;
    }
}
