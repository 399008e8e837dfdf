package io.parley.server.inbox;

import io.helidon.dbclient.DbRow;
import io.parley.model.inbox.ContactSummary;
import io.parley.model.inbox.Conversation;
import io.parley.server.platform.db.Rows;
import io.parley.server.platform.db.Tx;
import io.parley.server.platform.http.Paging;

import java.sql.Array;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The {@code conversation} table: one thread per contact and channel that is not resolved. */
public final class ConversationRepository {
    /** WhatsApp's customer-service window. */
    public static final Duration WINDOW = Duration.ofHours(24);

    private static final String SELECT = "SELECT c.id, c.channel_id, c.status, c.assignee_id, c.team_id, c.priority,"
            + " c.labels, c.last_message_at, c.last_message_preview, c.last_inbound_at,"
            + " k.id AS contact_id, k.name AS contact_name, k.username AS contact_username, k.phone AS contact_phone"
            + " FROM conversation c JOIN contact k ON k.org_id = c.org_id AND k.id = c.contact_id";

    /** The server's view of a conversation, with what the API does not show. */
    public record Stored(Conversation view, Instant lastInboundAt) {
        public long id() {
            return view.id();
        }

        public long channelId() {
            return view.channelId();
        }

        public long contactId() {
            return view.contact().id();
        }

        /** True while free-form messages may be sent. */
        public boolean windowOpen(Instant now) {
            return lastInboundAt != null && lastInboundAt.plus(WINDOW).isAfter(now);
        }
    }

    /**
     * The conversation an inbound message of this contact on this channel belongs to: the open one,
     * else the latest one reopened, else a new one.
     */
    public long forInbound(Tx tx, long channelId, long contactId) {
        Optional<Long> latest = tx.get("SELECT id FROM conversation WHERE org_id = :org AND channel_id = :channel"
                        + " AND contact_id = :contact ORDER BY (status <> 'RESOLVED') DESC, id DESC LIMIT 1")
                .addParam("org", tx.orgId()).addParam("channel", channelId).addParam("contact", contactId)
                .execute().map(row -> row.column("id").getLong());
        if (latest.isPresent()) {
            return latest.get();
        }
        tx.dml("INSERT INTO conversation (org_id, channel_id, contact_id) VALUES (:org, :channel, :contact)"
                        + " ON CONFLICT (org_id, channel_id, contact_id) WHERE status <> 'RESOLVED' DO NOTHING")
                .addParam("org", tx.orgId()).addParam("channel", channelId).addParam("contact", contactId).execute();
        return forInbound(tx, channelId, contactId);
    }

    /** Records a message on the conversation; an inbound one reopens it and restarts the window. */
    public void touch(Tx tx, long id, Instant at, String preview, boolean inbound) {
        tx.dml("UPDATE conversation SET last_message_at = GREATEST(last_message_at, :at),"
                        + " last_message_preview = CASE WHEN last_message_at IS NULL OR last_message_at <= :at"
                        + "   THEN :preview ELSE last_message_preview END,"
                        + " last_inbound_at = CASE WHEN :inbound THEN GREATEST(last_inbound_at, :at) ELSE last_inbound_at END,"
                        + " status = CASE WHEN :inbound AND status IN ('RESOLVED', 'SNOOZED') THEN 'OPEN' ELSE status END,"
                        + " updated_at = now() WHERE org_id = :org AND id = :id")
                .addParam("at", Rows.utc(at))
                .addParam("preview", preview == null ? null : preview.length() > 200 ? preview.substring(0, 200) : preview)
                .addParam("inbound", inbound)
                .addParam("org", tx.orgId())
                .addParam("id", id)
                .execute();
    }

    /**
     * The newest customer message not yet reported read to WhatsApp; recorded as reported, so the
     * receipt goes out once however often agents open the conversation.
     */
    public Optional<String> claimReadReceipt(Tx tx, long id) {
        Optional<String> newest = tx.get("SELECT wamid FROM message WHERE org_id = :org AND conversation_id = :id"
                        + " AND direction = 'IN' AND wamid IS NOT NULL ORDER BY created_at DESC, id DESC LIMIT 1")
                .addParam("org", tx.orgId()).addParam("id", id).execute()
                .map(row -> row.column("wamid").getString());
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        long claimed = tx.dml("UPDATE conversation SET read_receipt_wamid = :wamid WHERE org_id = :org AND id = :id"
                        + " AND read_receipt_wamid IS DISTINCT FROM :wamid")
                .addParam("wamid", newest.get()).addParam("org", tx.orgId()).addParam("id", id).execute();
        return claimed == 1 ? newest : Optional.empty();
    }

    public Optional<Stored> byId(Tx tx, long id) {
        return Tx.one(tx.get(SELECT + " WHERE c.org_id = :org AND c.id = :id").addParam("org", tx.orgId()).addParam("id", id),
                ConversationRepository::stored);
    }

    /** Newest activity first; the cursor is the last conversation of the previous page. */
    public List<Conversation> page(Tx tx, Paging paging) {
        return Tx.list(tx.query(SELECT + " WHERE c.org_id = :org AND (CAST(:after AS bigint) IS NULL"
                        + " OR (COALESCE(c.last_message_at, c.created_at), c.id) < (SELECT COALESCE(p.last_message_at,"
                        + " p.created_at), p.id FROM conversation p WHERE p.org_id = :org AND p.id = :after))"
                        + " ORDER BY COALESCE(c.last_message_at, c.created_at) DESC, c.id DESC LIMIT :limit")
                .addParam("org", tx.orgId())
                .addParam("after", paging.after())
                .addParam("limit", paging.fetchSize()), row -> stored(row).view());
    }

    /**
     * Moves one contact's conversations onto another (the two turned out to be one person). Where
     * both have an unresolved conversation on the same channel, the messages join the survivor's.
     */
    public void mergeContacts(Tx tx, long fromContact, long intoContact) {
        tx.dml("UPDATE message m SET conversation_id = keep.id FROM conversation gone, conversation keep"
                        + " WHERE m.org_id = :org AND gone.org_id = :org AND keep.org_id = :org"
                        + " AND m.conversation_id = gone.id AND gone.contact_id = :from AND keep.contact_id = :into"
                        + " AND gone.channel_id = keep.channel_id AND gone.status <> 'RESOLVED' AND keep.status <> 'RESOLVED'")
                .addParam("org", tx.orgId()).addParam("from", fromContact).addParam("into", intoContact).execute();
        tx.dml("DELETE FROM conversation gone USING conversation keep WHERE gone.org_id = :org AND keep.org_id = :org"
                        + " AND gone.contact_id = :from AND keep.contact_id = :into AND gone.channel_id = keep.channel_id"
                        + " AND gone.status <> 'RESOLVED' AND keep.status <> 'RESOLVED'")
                .addParam("org", tx.orgId()).addParam("from", fromContact).addParam("into", intoContact).execute();
        tx.dml("UPDATE conversation SET contact_id = :into WHERE org_id = :org AND contact_id = :from")
                .addParam("org", tx.orgId()).addParam("from", fromContact).addParam("into", intoContact).execute();
    }

    private static Stored stored(DbRow row) {
        Instant lastInbound = Rows.instant(row, "last_inbound_at");
        String name = Rows.string(row, "contact_name");
        ContactSummary contact = new ContactSummary(row.column("contact_id").getLong(),
                name != null ? name : Rows.string(row, "contact_username"), Rows.string(row, "contact_phone"));
        Conversation view = new Conversation(row.column("id").getLong(), contact, row.column("channel_id").getLong(),
                row.column("status").getString(), Rows.longOrNull(row, "assignee_id"), Rows.longOrNull(row, "team_id"),
                row.column("priority").getString(), labels(row), 0, Rows.instant(row, "last_message_at"),
                Rows.string(row, "last_message_preview"), lastInbound == null ? null : lastInbound.plus(WINDOW));
        return new Stored(view, lastInbound);
    }

    private static List<String> labels(DbRow row) {
        Object value = row.column("labels").get(Object.class);
        try {
            if (value instanceof Array array) {
                return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read conversation labels", e);
        }
        if (value instanceof String[] strings) {
            return List.of(strings);
        }
        return List.of();
    }
}
