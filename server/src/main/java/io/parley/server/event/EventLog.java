package io.parley.server.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.dbclient.DbStatementDml;
import io.parley.model.inbox.Conversation;
import io.parley.model.inbox.Message;
import io.parley.server.platform.db.Tx;

import java.util.ArrayList;
import java.util.List;

/**
 * Appends to the {@code event} table in the caller's transaction, so an event exists exactly when
 * the change it describes committed. Events are collected over the transaction and written just
 * before it commits: ids come from the organisation's counter, taken for all of them at once under
 * its row lock, so event-writing transactions of one organisation commit in id order — which is what
 * lets a stream resume after id N without ever missing a smaller id. That lock is the last one a
 * transaction takes and is held only from the write to the commit, so an organisation's transactions
 * run side by side and wait for each other only there; and being last, it cannot be part of a
 * deadlock. One {@code NOTIFY} per transaction tells every server instance.
 */
public final class EventLog {
    public static final String CHANNEL = "parley_events";
    private static final int ROWS_PER_INSERT = 100;

    private final ObjectMapper mapper;

    public EventLog(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The conversation an event is about, for agents who only see some conversations. */
    private static Long conversationOf(Object payload) {
        return switch (payload) {
            case Message m -> m.conversationId();
            case Conversation c -> c.id();
            default -> null;
        };
    }

    /** Adds an event to the transaction; it gets its id, and is stored, when the transaction commits. */
    public void append(Tx tx, String type, Object payload) {
        String json;
        try {
            json = mapper.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event payload is not serialisable", e);
        }
        long orgId = tx.orgId();
        tx.beforeCommit(Pending.class, () -> new Pending(tx, orgId)).add(new Row(type, json, conversationOf(payload)));
    }

    private record Row(String type, String payload, Long conversationId) {
    }

    /** The events of one transaction, written in one go before it commits. */
    private static final class Pending implements Runnable {
        private final Tx tx;
        private final long orgId;
        private final List<Row> rows = new ArrayList<>();

        Pending(Tx tx, long orgId) {
            this.tx = tx;
            this.orgId = orgId;
        }

        void add(Row row) {
            rows.add(row);
        }

        @Override
        public void run() {
            if (rows.isEmpty()) {
                return;
            }
            long last = tx.get("UPDATE org SET event_seq = event_seq + :n WHERE id = :org RETURNING event_seq")
                    .addParam("n", (long) rows.size()).addParam("org", orgId).execute().orElseThrow()
                    .column("event_seq").getLong();
            long id = last - rows.size() + 1;
            for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
                List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
                StringBuilder sql = new StringBuilder("INSERT INTO event (org_id, id, type, payload, conversation_id) VALUES ");
                for (int i = 0; i < chunk.size(); i++) {
                    sql.append(i == 0 ? "" : ", ").append("(:org, :id").append(i).append(", :type").append(i)
                            .append(", CAST(:payload").append(i).append(" AS json), :conversation").append(i).append(')');
                }
                DbStatementDml insert = tx.dml(sql.toString()).addParam("org", orgId);
                for (int i = 0; i < chunk.size(); i++) {
                    Row row = chunk.get(i);
                    insert.addParam("id" + i, id++).addParam("type" + i, row.type()).addParam("payload" + i, row.payload())
                            .addParam("conversation" + i, row.conversationId());
                }
                insert.execute();
            }
            tx.get("SELECT count(*) AS n FROM (SELECT pg_notify(:channel, :message)) AS sent")
                    .addParam("channel", CHANNEL).addParam("message", Long.toString(orgId)).execute();
            rows.clear();
        }
    }
}
