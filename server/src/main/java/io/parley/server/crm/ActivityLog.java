package io.parley.server.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.model.crm.Activity;
import io.parley.server.platform.db.Rows;
import io.parley.server.platform.db.Tx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A contact's timeline. What changed on the contact is written here in the same transaction as the
 * change; the conversation is read from the messages themselves, summarised per conversation and
 * day, so nothing is stored twice.
 */
public final class ActivityLog {
    private final ObjectMapper mapper;

    public ActivityLog(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Records one change; {@code actorId} is the member who made it, null for the customer or automation. */
    public void record(Tx tx, long contactId, String type, Long actorId, String summary, Map<String, ?> data) {
        try {
            tx.dml("INSERT INTO activity (org_id, contact_id, type, actor_id, summary, data)"
                            + " VALUES (:org, :contact, :type, :actor, :summary, CAST(:data AS jsonb))")
                    .addParam("org", tx.orgId()).addParam("contact", contactId).addParam("type", type)
                    .addParam("actor", actorId).addParam("summary", summary)
                    .addParam("data", mapper.writeValueAsString(data)).execute();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records the same change for many contacts in one statement (an import's batch). */
    public void recordEach(Tx tx, Collection<Long> contactIds, String type, Long actorId, String summary, Map<String, ?> data) {
        if (contactIds.isEmpty()) {
            return;
        }
        try {
            tx.dml("INSERT INTO activity (org_id, contact_id, type, actor_id, summary, data)"
                            + " SELECT :org, c, :type, :actor, :summary, CAST(:data AS jsonb) FROM unnest(CAST(:ids AS bigint[])) AS c")
                    .addParam("org", tx.orgId()).addParam("ids", contactIds.toArray(Long[]::new)).addParam("type", type)
                    .addParam("actor", actorId).addParam("summary", summary)
                    .addParam("data", mapper.writeValueAsString(data)).execute();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest {@code limit} entries before {@code before} (exclusive; null for the newest). */
    public List<Activity> timeline(Tx tx, long contactId, Instant before, int limit) {
        List<Activity> entries = new ArrayList<>(Tx.list(tx.query("SELECT id, type, at, actor_id, summary,"
                        + " CAST(data AS text) AS data FROM activity WHERE org_id = :org AND contact_id = :contact"
                        + " AND (CAST(:before AS timestamptz) IS NULL OR at < :before) ORDER BY at DESC, id DESC LIMIT :limit")
                .addParam("org", tx.orgId()).addParam("contact", contactId)
                .addParam("before", before == null ? null : Rows.utc(before)).addParam("limit", limit),
                row -> new Activity(row.column("id").getLong(), row.column("type").getString(), Rows.instant(row, "at"),
                        Rows.longOrNull(row, "actor_id"), row.column("summary").getString(), tree(row.column("data").getString()))));
        entries.addAll(Tx.list(tx.query("SELECT m.conversation_id, date_trunc('day', m.created_at) AS day, max(m.created_at) AS at,"
                        + " count(*) FILTER (WHERE m.direction = 'IN') AS received,"
                        + " count(*) FILTER (WHERE m.direction = 'OUT' AND NOT m.note) AS sent,"
                        + " count(*) FILTER (WHERE m.note) AS notes,"
                        + " (array_agg(m.text ORDER BY m.created_at DESC, m.id DESC) FILTER (WHERE m.text IS NOT NULL))[1] AS last_text"
                        + " FROM message m JOIN conversation v ON v.org_id = m.org_id AND v.id = m.conversation_id"
                        + " WHERE m.org_id = :org AND v.contact_id = :contact"
                        + " AND (CAST(:before AS timestamptz) IS NULL OR m.created_at < :before)"
                        + " GROUP BY m.conversation_id, date_trunc('day', m.created_at) ORDER BY at DESC LIMIT :limit")
                .addParam("org", tx.orgId()).addParam("contact", contactId)
                .addParam("before", before == null ? null : Rows.utc(before)).addParam("limit", limit),
                row -> {
                    long received = row.column("received").getLong();
                    long sent = row.column("sent").getLong();
                    long notes = row.column("notes").getLong();
                    long conversation = row.column("conversation_id").getLong();
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("conversationId", conversation);
                    data.put("received", received);
                    data.put("sent", sent);
                    data.put("notes", notes);
                    data.put("lastText", Rows.string(row, "last_text"));
                    Instant at = Rows.instant(row, "at");
                    // Summaries have no row of their own: a stable negative id from where and when they are.
                    long id = -Math.abs((conversation * 31 + Rows.instant(row, "day").getEpochSecond() / 86_400) % Long.MAX_VALUE) - 1;
                    return new Activity(id, "messages", at, null, messagesSummary(received, sent, notes),
                            mapper.valueToTree(data));
                }));
        entries.sort(Comparator.comparing(Activity::at).reversed().thenComparing(Activity::id, Comparator.reverseOrder()));
        return entries.size() > limit ? entries.subList(0, limit) : entries;
    }

    private static String messagesSummary(long received, long sent, long notes) {
        List<String> parts = new ArrayList<>();
        if (received > 0) {
            parts.add(received + (received == 1 ? " message from the customer" : " messages from the customer"));
        }
        if (sent > 0) {
            parts.add(sent + (sent == 1 ? " reply" : " replies"));
        }
        if (notes > 0) {
            parts.add(notes + (notes == 1 ? " note" : " notes"));
        }
        return parts.isEmpty() ? "Conversation" : String.join(", ", parts);
    }

    private JsonNode tree(String json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
