package io.parley.server.inbox;

import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbStatementQuery;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code conversation} table: one thread per contact and channel that is not resolved. */
public final class ConversationRepository {
    /** WhatsApp's customer-service window. */
    public static final Duration WINDOW = Duration.ofHours(24);

    private static final String COLUMNS = "SELECT c.id, c.channel_id, c.status, c.assignee_id, c.team_id, c.priority,"
            + " c.labels, c.last_message_at, c.last_message_preview, c.last_inbound_at, c.snoozed_until,"
            + " k.id AS contact_id, k.name AS contact_name, k.username AS contact_username, k.phone AS contact_phone, ";
    private static final String FROM = " FROM conversation c JOIN contact k ON k.org_id = c.org_id AND k.id = c.contact_id";
    /** Without a reader (events, internal use) there is no unread count. */
    private static final String SELECT = COLUMNS + "CAST(0 AS bigint) AS unread" + FROM;
    /** Customer messages after the reader's read position. */
    private static final String SELECT_FOR_READER = COLUMNS
            + "CASE WHEN CAST(:me AS bigint) IS NULL THEN CAST(0 AS bigint) ELSE (SELECT count(*) FROM message m WHERE m.org_id = c.org_id"
            + " AND m.conversation_id = c.id AND m.direction = 'IN' AND m.id > COALESCE((SELECT r.last_read_id"
            + " FROM conversation_read r WHERE r.org_id = c.org_id AND r.conversation_id = c.id AND r.user_id = :me), 0))"
            + " END AS unread" + FROM;

    /** What an agent filters the list by; null fields do not filter. */
    public record Filter(List<String> statuses, String assignee, Long teamId, Long channelId, String label, String q) {
    }

    /** The server's view of a conversation, with what the API does not show. */
    public record Stored(Conversation view, Instant lastInboundAt, Instant snoozedUntil) {
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

    /**
     * {@link #forInbound} and {@link #touch} for a customer's message as common table expressions, for
     * {@link MessageRepository#insertInbound(Tx, long, long, InboundMessage, String)} to store the
     * message in the same statement — the hot path of every webhook. The contact's latest conversation
     * on the channel is touched (and reopened), or a new one is created already touched; either is
     * {@code received(id)}, which is empty when a concurrent transaction created it first. Parameters:
     * {@code :org, :channel, :contact, :at, :preview}.
     */
    static final String RECEIVED = "WITH latest AS (SELECT id FROM conversation WHERE org_id = :org AND channel_id = :channel"
            + "   AND contact_id = :contact ORDER BY (status <> 'RESOLVED') DESC, id DESC LIMIT 1),"
            + " touched AS (UPDATE conversation c SET last_message_at = GREATEST(c.last_message_at, :at),"
            + "   last_message_preview = CASE WHEN c.last_message_at IS NULL OR c.last_message_at <= :at"
            + "     THEN :preview ELSE c.last_message_preview END,"
            + "   last_inbound_at = GREATEST(c.last_inbound_at, :at),"
            + "   status = CASE WHEN c.status IN ('RESOLVED', 'SNOOZED') THEN 'OPEN' ELSE c.status END,"
            + "   updated_at = now() FROM latest WHERE c.org_id = :org AND c.id = latest.id RETURNING c.id),"
            + " created AS (INSERT INTO conversation (org_id, channel_id, contact_id, last_message_at,"
            + "   last_message_preview, last_inbound_at) SELECT :org, :channel, :contact, :at, :preview, :at"
            + "   WHERE NOT EXISTS (SELECT 1 FROM latest)"
            + "   ON CONFLICT (org_id, channel_id, contact_id) WHERE status <> 'RESOLVED' DO NOTHING RETURNING id),"
            + " received AS (SELECT id FROM touched UNION ALL SELECT id FROM created) ";

    /** Records a message on the conversation; an inbound one reopens it and restarts the window. */
    public void touch(Tx tx, long id, Instant at, String preview, boolean inbound) {
        tx.dml("UPDATE conversation SET last_message_at = GREATEST(last_message_at, :at),"
                        + " last_message_preview = CASE WHEN last_message_at IS NULL OR last_message_at <= :at"
                        + "   THEN :preview ELSE last_message_preview END,"
                        + " last_inbound_at = CASE WHEN :inbound THEN GREATEST(last_inbound_at, :at) ELSE last_inbound_at END,"
                        + " status = CASE WHEN :inbound AND status IN ('RESOLVED', 'SNOOZED') THEN 'OPEN' ELSE status END,"
                        + " updated_at = now() WHERE org_id = :org AND id = :id")
                .addParam("at", Rows.utc(at))
                .addParam("preview", shortPreview(preview))
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

    static String shortPreview(String preview) {
        return preview == null || preview.length() <= 200 ? preview : preview.substring(0, 200);
    }

    /** Several conversations by id, in one query; ids of other organisations are not found. */
    public Map<Long, Stored> byIds(Tx tx, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, Stored> found = new HashMap<>();
        Tx.list(tx.query(SELECT + " WHERE c.org_id = :org AND c.id = ANY(:ids)")
                .addParam("org", tx.orgId()).addParam("ids", ids.toArray(Long[]::new)), ConversationRepository::stored)
                .forEach(c -> found.put(c.id(), c));
        return found;
    }

    public Optional<Stored> byId(Tx tx, long id) {
        return Tx.one(tx.get(SELECT + " WHERE c.org_id = :org AND c.id = :id").addParam("org", tx.orgId()).addParam("id", id),
                ConversationRepository::stored);
    }

    /** As {@link #byId}, with the reader's unread count; empty when a restricted agent may not see it. */
    public Optional<Stored> byId(Tx tx, long id, Long readerId, Long restrictedAgent) {
        var get = tx.get(SELECT_FOR_READER + " WHERE c.org_id = :org AND c.id = :id"
                        + (restrictedAgent == null ? "" : " AND " + Visibility.condition("c")))
                .addParam("org", tx.orgId()).addParam("id", id).addParam("me", readerId);
        if (restrictedAgent != null) {
            get.addParam("agent", restrictedAgent);
        }
        return Tx.one(get, ConversationRepository::stored);
    }

    /**
     * Newest activity first; the cursor is the last conversation of the previous page. Every filter
     * is a fixed SQL fragment with bound parameters; {@code q} searches contact name, username and
     * number and the text of every message (accent- and case-insensitive word prefixes).
     */
    public List<Conversation> page(Tx tx, Paging paging, Filter f, Long readerId, Long restrictedAgent) {
        StringBuilder where = new StringBuilder(" WHERE c.org_id = :org AND (CAST(:after AS bigint) IS NULL"
                + " OR (COALESCE(c.last_message_at, c.created_at), c.id) < (SELECT COALESCE(p.last_message_at,"
                + " p.created_at), p.id FROM conversation p WHERE p.org_id = :org AND p.id = :after))");
        appendFilter(where, f);
        if (restrictedAgent != null) {
            where.append(" AND ").append(Visibility.condition("c"));
        }
        var query = tx.query(SELECT_FOR_READER + where + " ORDER BY COALESCE(c.last_message_at, c.created_at) DESC, c.id DESC"
                        + " LIMIT :limit")
                .addParam("org", tx.orgId())
                .addParam("after", paging.after())
                .addParam("limit", paging.fetchSize())
                .addParam("me", readerId);
        bindFilter(query, f, readerId);
        if (restrictedAgent != null) {
            query.addParam("agent", restrictedAgent);
        }
        return Tx.list(query, row -> stored(row).view());
    }

    /** Open conversations (not resolved) by tab: the reader's, nobody's, everyone's. */
    public Map<String, Long> counts(Tx tx, Long readerId, Long restrictedAgent) {
        var get = tx.get("SELECT count(*) FILTER (WHERE c.assignee_id = :me) AS mine,"
                        + " count(*) FILTER (WHERE c.assignee_id IS NULL) AS unassigned, count(*) AS total"
                        + " FROM conversation c WHERE c.org_id = :org AND c.status <> 'RESOLVED'"
                        + (restrictedAgent == null ? "" : " AND " + Visibility.condition("c")))
                .addParam("org", tx.orgId()).addParam("me", readerId);
        if (restrictedAgent != null) {
            get.addParam("agent", restrictedAgent);
        }
        var row = get.execute().orElseThrow();
        return Map.of("mine", row.column("mine").getLong(), "unassigned", row.column("unassigned").getLong(),
                "all", row.column("total").getLong());
    }

    private static void appendFilter(StringBuilder where, Filter f) {
        if (f.statuses() != null) {
            where.append(" AND c.status = ANY(:statuses)");
        }
        if (f.assignee() != null) {
            where.append(switch (f.assignee()) {
                case "me" -> " AND c.assignee_id = :me";
                case "none" -> " AND c.assignee_id IS NULL";
                default -> " AND c.assignee_id = :assignee";
            });
        }
        if (f.teamId() != null) {
            where.append(" AND c.team_id = :team");
        }
        if (f.channelId() != null) {
            where.append(" AND c.channel_id = :channel");
        }
        if (f.label() != null) {
            where.append(" AND :label = ANY(c.labels)");
        }
        if (f.q() != null) {
            where.append(" AND ((CAST(:tsq AS text) IS NOT NULL AND (k.search_tsv"
                    + " @@ to_tsquery('simple', :tsq) OR EXISTS (SELECT 1 FROM message m WHERE m.org_id = c.org_id"
                    + " AND m.conversation_id = c.id AND m.search_tsv"
                    + " @@ to_tsquery('simple', :tsq))))"
                    + " OR (CAST(:digits AS text) IS NOT NULL AND (k.wa_id LIKE '%' || :digits || '%')))");
        }
    }

    private static void bindFilter(DbStatementQuery query, Filter f, Long readerId) {
        if (f.statuses() != null) {
            query.addParam("statuses", f.statuses().toArray(String[]::new));
        }
        if (f.assignee() != null && !f.assignee().equals("me") && !f.assignee().equals("none")) {
            query.addParam("assignee", Long.parseLong(f.assignee()));
        }
        if (f.teamId() != null) {
            query.addParam("team", f.teamId());
        }
        if (f.channelId() != null) {
            query.addParam("channel", f.channelId());
        }
        if (f.label() != null) {
            query.addParam("label", f.label());
        }
        if (f.q() != null) {
            query.addParam("tsq", SearchText.prefixQuery(f.q()));
            query.addParam("digits", SearchText.digits(f.q()));
        }
    }

    /** What an agent may change; null fields stay. */
    public record Change(String status, Instant snoozedUntil, boolean assigneeGiven, Long assigneeId,
                         boolean teamGiven, Long teamId, String priority, List<String> labels) {
    }

    public void apply(Tx tx, long id, Change change) {
        tx.dml("UPDATE conversation SET"
                        + " status = COALESCE(CAST(:status AS text), status),"
                        + " snoozed_until = CASE WHEN CAST(:status AS text) IS NULL THEN snoozed_until"
                        + "   WHEN CAST(:status AS text) = 'SNOOZED' THEN CAST(:snoozedUntil AS timestamptz) ELSE NULL END,"
                        + " assignee_id = CASE WHEN :assigneeGiven THEN CAST(:assignee AS bigint) ELSE assignee_id END,"
                        + " team_id = CASE WHEN :teamGiven THEN CAST(:team AS bigint) ELSE team_id END,"
                        + " priority = COALESCE(CAST(:priority AS text), priority),"
                        + " labels = COALESCE(CAST(:labels AS text[]), labels),"
                        + " updated_at = now() WHERE org_id = :org AND id = :id")
                .addParam("status", change.status())
                .addParam("snoozedUntil", Rows.utc(change.snoozedUntil()))
                .addParam("assigneeGiven", change.assigneeGiven())
                .addParam("assignee", change.assigneeId())
                .addParam("teamGiven", change.teamGiven())
                .addParam("team", change.teamId())
                .addParam("priority", change.priority())
                .addParam("labels", change.labels() == null ? null : change.labels().toArray(String[]::new))
                .addParam("org", tx.orgId()).addParam("id", id)
                .execute();
    }

    /**
     * Wakes a snoozed conversation whose time has come (by the database's clock, the one the job
     * queue runs on); true when it did. A later re-snooze makes an earlier wake-up a no-op.
     */
    public boolean wake(Tx tx, long id) {
        return tx.dml("UPDATE conversation SET status = 'OPEN', snoozed_until = NULL, updated_at = now()"
                        + " WHERE org_id = :org AND id = :id AND status = 'SNOOZED' AND snoozed_until <= clock_timestamp()")
                .addParam("org", tx.orgId()).addParam("id", id).execute() == 1;
    }

    /** The reader has seen everything up to {@code messageId}. */
    public void markRead(Tx tx, long id, long userId, long messageId) {
        tx.dml("INSERT INTO conversation_read (org_id, conversation_id, user_id, last_read_id) VALUES (:org, :c, :u, :m)"
                        + " ON CONFLICT (org_id, conversation_id, user_id) DO UPDATE SET last_read_id ="
                        + " GREATEST(conversation_read.last_read_id, EXCLUDED.last_read_id), read_at = now()")
                .addParam("org", tx.orgId()).addParam("c", id).addParam("u", userId).addParam("m", messageId).execute();
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
                row.column("priority").getString(), labels(row), (int) row.column("unread").getLong(),
                Rows.instant(row, "last_message_at"),
                Rows.string(row, "last_message_preview"), lastInbound == null ? null : lastInbound.plus(WINDOW));
        return new Stored(view, lastInbound, Rows.instant(row, "snoozed_until"));
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
