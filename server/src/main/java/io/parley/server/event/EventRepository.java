package io.parley.server.event;

import io.parley.server.inbox.Visibility;
import io.parley.server.platform.db.Tx;

import java.util.List;

/** Reads the {@code event} table for streams. */
public final class EventRepository {

    /** One stored event, its payload still JSON text. */
    public record StoredEvent(long id, String type, String payload) {
        /** As sent on an event stream. */
        public String frame() {
            StringBuilder text = new StringBuilder(payload.length() + 48);
            text.append("id: ").append(id).append("\nevent: ").append(type).append('\n');
            for (String line : payload.split("\n", -1)) {
                text.append("data: ").append(line).append('\n');
            }
            return text.append('\n').toString();
        }
    }

    /** Events after {@code afterId}; for a restricted agent only those of conversations they see. */
    public List<StoredEvent> after(Tx tx, long afterId, int limit, Long restrictedAgent) {
        var query = tx.query("SELECT e.id, e.type, CAST(e.payload AS text) AS payload FROM event e"
                        + " WHERE e.org_id = :org AND e.id > :after"
                        + (restrictedAgent == null ? "" : " AND " + Visibility.eventCondition("e"))
                        + " ORDER BY e.id LIMIT :limit")
                .addParam("org", tx.orgId()).addParam("after", afterId).addParam("limit", limit);
        if (restrictedAgent != null) {
            query.addParam("agent", restrictedAgent);
        }
        return Tx.list(query,
                row -> new StoredEvent(row.column("id").getLong(), row.column("type").getString(),
                        row.column("payload").getString()));
    }

    /** The organisation's newest event id and how far events have been pruned. */
    public record Position(long latest, long prunedThrough) {
    }

    public Position position(Tx tx) {
        var row = tx.get("SELECT event_seq, events_pruned_through FROM org WHERE id = :org")
                .addParam("org", tx.orgId()).execute().orElseThrow();
        return new Position(row.column("event_seq").getLong(), row.column("events_pruned_through").getLong());
    }
}
