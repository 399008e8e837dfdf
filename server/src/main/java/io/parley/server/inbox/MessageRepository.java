package io.parley.server.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbStatementGet;
import io.parley.model.inbox.Media;
import io.parley.model.inbox.Message;
import io.parley.model.inbox.MessageError;
import io.parley.model.inbox.Reaction;
import io.parley.server.platform.db.Rows;
import io.parley.server.platform.db.Tx;
import io.parley.server.sending.OutboundComposer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@code message}, {@code message_reaction} and {@code unmatched_status} tables. */
public final class MessageRepository {
    private static final String SELECT = "SELECT m.id, m.conversation_id, m.direction, m.type, m.text,"
            + " CAST(m.content AS text) AS content, m.status, m.wamid, m.sent_by, m.forwarded, m.note, m.error_code,"
            + " m.error_title, m.error_detail, m.created_at,"
            + " (SELECT q.id FROM message q WHERE q.org_id = m.org_id AND q.wamid = m.reply_to_wamid) AS reply_to,"
            + " (SELECT CAST(json_agg(json_build_object('direction', r.direction, 'emoji', r.emoji) ORDER BY r.direction) AS text)"
            + "    FROM message_reaction r WHERE r.org_id = m.org_id AND r.target_wamid = m.wamid) AS reactions,"
            + " md.id AS media_id, md.mime_type, md.filename, md.file_size, md.sha256, md.status AS media_status"
            + " FROM message m LEFT JOIN media md ON md.org_id = m.org_id AND md.message_id = m.id";

    /** Status order: a status only ever moves up this list (FAILED is handled on its own). */
    private static final Map<String, Integer> RANK = Map.of(
            "QUEUED", 0, "SENDING", 1, "SENT", 2, "DELIVERED", 3, "READ", 4);

    private final ObjectMapper mapper;

    public MessageRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    private static final String INSERT_INBOUND = " INSERT INTO message (org_id, conversation_id, direction, type, text,"
            + " content, status, wamid, reply_to_wamid, forwarded, raw, created_at, search_text)";
    private static final String INBOUND_VALUES = "'IN', :type, :text, CAST(:content AS jsonb), 'RECEIVED', :wamid, :replyTo,"
            + " :forwarded, CAST(:raw AS jsonb), :at, :search";
    private static final String UNLESS_STORED = " ON CONFLICT (org_id, wamid) WHERE wamid IS NOT NULL DO NOTHING"
            + " RETURNING id, conversation_id";

    /** Inserts an inbound message; empty when a message with this wamid is already stored (redelivery). */
    public OptionalLong insertInbound(Tx tx, long conversationId, InboundMessage m) {
        return withInbound(tx.get(INSERT_INBOUND + " VALUES (:org, :conversation, " + INBOUND_VALUES + ")" + UNLESS_STORED), m)
                .addParam("org", tx.orgId())
                .addParam("conversation", conversationId)
                .execute()
                .map(row -> OptionalLong.of(row.column("id").getLong()))
                .orElse(OptionalLong.empty());
    }

    /** Where a customer's message was stored. */
    public record Received(long conversationId, long messageId) {
    }

    /**
     * Stores a customer's message and finds-or-creates and touches its conversation in one statement
     * ({@link ConversationRepository#RECEIVED}). Empty when the message is stored already or the
     * conversation was being created by a concurrent transaction: the caller takes the long way then.
     */
    public Optional<Received> insertInbound(Tx tx, long channelId, long contactId, InboundMessage m, String preview) {
        return withInbound(tx.get(ConversationRepository.RECEIVED + INSERT_INBOUND + " SELECT :org, received.id, "
                        + INBOUND_VALUES + " FROM received" + UNLESS_STORED), m)
                .addParam("org", tx.orgId())
                .addParam("channel", channelId)
                .addParam("contact", contactId)
                .addParam("preview", ConversationRepository.shortPreview(preview))
                .execute()
                .map(row -> new Received(row.column("conversation_id").getLong(), row.column("id").getLong()));
    }

    private DbStatementGet withInbound(DbStatementGet insert, InboundMessage m) {
        return insert.addParam("type", m.type())
                .addParam("text", m.text())
                .addParam("content", json(m.content()))
                .addParam("wamid", m.wamid())
                .addParam("replyTo", m.replyToWamid())
                .addParam("forwarded", m.forwarded())
                .addParam("raw", json(m.raw()))
                .addParam("at", Rows.utc(m.timestamp()))
                .addParam("search", SearchText.fold(m.text()));
    }

    /** An agent's message, queued for sending. */
    public long insertOutbound(Tx tx, long conversationId, OutboundComposer.Composed m, Long sentBy, Instant at) {
        return tx.get("INSERT INTO message (org_id, conversation_id, direction, type, text, content, status, request,"
                        + " sent_by, next_attempt_at, created_at, search_text) VALUES (:org, :conversation, 'OUT', :type,"
                        + " :text, CAST(:content AS jsonb), 'QUEUED', CAST(:request AS jsonb), :by, :at, :at, :search)"
                        + " RETURNING id")
                .addParam("org", tx.orgId()).addParam("conversation", conversationId).addParam("type", m.type())
                .addParam("text", m.text()).addParam("content", json(m.content())).addParam("request", json(m.whatsapp()))
                .addParam("by", sentBy).addParam("at", Rows.utc(at)).addParam("search", SearchText.fold(m.text()))
                .execute().orElseThrow().column("id").getLong();
    }

    /** A private note: in the timeline, searchable, never sent. */
    public long insertNote(Tx tx, long conversationId, String text, long author, Instant at) {
        return tx.get("INSERT INTO message (org_id, conversation_id, direction, type, text, status, note, sent_by,"
                        + " created_at, search_text) VALUES (:org, :conversation, 'OUT', 'note', :text, 'RECEIVED', true,"
                        + " :by, :at, :search) RETURNING id")
                .addParam("org", tx.orgId()).addParam("conversation", conversationId).addParam("text", text)
                .addParam("by", author).addParam("at", Rows.utc(at)).addParam("search", SearchText.fold(text))
                .execute().orElseThrow().column("id").getLong();
    }

    /** The newest message id of a conversation (what "read up to here" means). */
    public long newestId(Tx tx, long conversationId) {
        return tx.get("SELECT COALESCE(max(id), 0) AS id FROM message WHERE org_id = :org AND conversation_id = :c")
                .addParam("org", tx.orgId()).addParam("c", conversationId).execute().orElseThrow()
                .column("id").getLong();
    }

    /**
     * What the sender needs of a queued message, read in one statement: the message, whether it is
     * next in its conversation (sends keep their order), and its recipient.
     *
     * @param sendingFor how long the current send attempt has been under way (zero unless SENDING)
     * @param next       no earlier message of the conversation is still waiting to go out
     */
    public record Outgoing(long id, long conversationId, String status, String type, JsonNode request, String wamid,
                           int attempts, Duration sendingFor, boolean next, Recipient to) {
        /** As it is once {@link #requeue} put it back. */
        public Outgoing requeued() {
            return new Outgoing(id, conversationId, "QUEUED", type, request, wamid, attempts, Duration.ZERO, next, to);
        }
    }

    /**
     * Who a conversation's messages go to, and how long Meta's pair rate makes the next one wait: zero
     * while fewer than the burst of sends to this customer on this channel began within the window
     * (counted from the messages, so every server instance sees every send), else until the oldest
     * of the latest burst leaves the window.
     */
    public record Recipient(long channelId, String waId, Duration pairWait) {
    }

    /** {@link Outgoing} of each of the messages, by id; ids that are no outbound message of the org are left out. */
    public Map<Long, Outgoing> outgoing(Tx tx, List<Long> ids, int pairBurst, Duration pairWindow) {
        return Tx.list(tx.query("SELECT m.id, m.conversation_id, m.status, m.type, CAST(m.request AS text) AS request, m.wamid,"
                        + " m.attempts, CAST(COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - m.sending_since) * 1000, 0) AS bigint)"
                        + "   AS sending_ms,"
                        + " NOT EXISTS (SELECT 1 FROM message e WHERE e.org_id = m.org_id AND e.conversation_id = m.conversation_id"
                        + "   AND e.direction = 'OUT' AND e.status IN ('QUEUED', 'SENDING') AND e.id < m.id) AS next,"
                        + " c.channel_id, k.wa_id, CASE WHEN r.n < :burst THEN 0 ELSE GREATEST(1, CAST(EXTRACT(EPOCH FROM"
                        + "   r.oldest + make_interval(secs => :window) - clock_timestamp()) * 1000 AS bigint)) END AS pair_wait_ms"
                        + " FROM message m JOIN conversation c ON c.org_id = m.org_id AND c.id = m.conversation_id"
                        + " JOIN contact k ON k.org_id = c.org_id AND k.id = c.contact_id,"
                        + " LATERAL (SELECT count(*) AS n, min(sending_since) AS oldest FROM (SELECT s.sending_since"
                        + "   FROM conversation sc JOIN message s ON s.org_id = sc.org_id AND s.conversation_id = sc.id"
                        + "   WHERE sc.org_id = c.org_id AND sc.channel_id = c.channel_id AND sc.contact_id = c.contact_id"
                        + "   AND s.direction = 'OUT' AND s.sending_since > clock_timestamp() - make_interval(secs => :window)"
                        + "   ORDER BY s.sending_since DESC LIMIT :burst) latest) r"
                        + " WHERE m.org_id = :org AND m.id = ANY(:ids) AND m.direction = 'OUT'")
                        .addParam("burst", pairBurst).addParam("window", (double) pairWindow.toSeconds())
                        .addParam("org", tx.orgId()).addParam("ids", ids.toArray(Long[]::new)),
                row -> new Outgoing(row.column("id").getLong(), row.column("conversation_id").getLong(),
                        row.column("status").getString(), row.column("type").getString(),
                        tree(Rows.string(row, "request")), Rows.string(row, "wamid"), row.column("attempts").getInt(),
                        Duration.ofMillis(Math.max(0, row.column("sending_ms").getLong())), row.column("next").getBoolean(),
                        new Recipient(row.column("channel_id").getLong(), Rows.string(row, "wa_id"),
                                Duration.ofMillis(row.column("pair_wait_ms").getLong())))).stream()
                .collect(Collectors.toMap(Outgoing::id, m -> m));
    }

    /** QUEUED → SENDING before the provider is called; returns those of the ids that were QUEUED. */
    public Set<Long> markSending(Tx tx, List<Long> ids) {
        return Tx.list(tx.query("UPDATE message SET status = 'SENDING', attempts = attempts + 1, sending_since = clock_timestamp(),"
                                + " updated_at = now()"
                                + " WHERE org_id = :org AND id = ANY(:ids) AND status = 'QUEUED' RETURNING id")
                        .addParam("org", tx.orgId()).addParam("ids", ids.toArray(Long[]::new)),
                row -> row.column("id").getLong()).stream().collect(Collectors.toSet());
    }

    /** SENDING → QUEUED when the provider certainly did not take it (refused or unreachable). */
    public void requeue(Tx tx, long id) {
        tx.dml("UPDATE message SET status = 'QUEUED', updated_at = now() WHERE org_id = :org AND id = :id AND status = 'SENDING'")
                .addParam("org", tx.orgId()).addParam("id", id).execute();
    }

    /** SENDING → SENT for several messages at once, each with the wamid Meta gave it ({@code wamids} in order). */
    public void markSent(Tx tx, List<Long> ids, List<String> wamids, Instant at) {
        tx.dml("UPDATE message m SET status = 'SENT', wamid = v.wamid, sent_at = :at, updated_at = now()"
                        + " FROM unnest(CAST(:ids AS bigint[]), CAST(:wamids AS text[])) AS v(id, wamid)"
                        + " WHERE m.org_id = :org AND m.id = v.id AND m.status IN ('QUEUED', 'SENDING')")
                .addParam("at", Rows.utc(at)).addParam("ids", ids.toArray(Long[]::new))
                .addParam("wamids", wamids.toArray(String[]::new)).addParam("org", tx.orgId()).execute();
    }

    public void markSent(Tx tx, long id, String wamid, Instant at) {
        tx.dml("UPDATE message SET status = 'SENT', wamid = :wamid, sent_at = :at, updated_at = now()"
                        + " WHERE org_id = :org AND id = :id AND status IN ('QUEUED', 'SENDING')")
                .addParam("wamid", wamid).addParam("at", Rows.utc(at))
                .addParam("org", tx.orgId()).addParam("id", id).execute();
    }

    public void markFailed(Tx tx, long id, WhatsAppError error, Instant at) {
        tx.dml("UPDATE message SET status = 'FAILED', failed_at = :at, error_code = :code, error_title = :title,"
                        + " error_detail = :detail, updated_at = now() WHERE org_id = :org AND id = :id"
                        + " AND status IN ('QUEUED', 'SENDING')")
                .addParam("at", Rows.utc(at)).addParam("code", error.code()).addParam("title", error.title())
                .addParam("detail", error.detail()).addParam("org", tx.orgId()).addParam("id", id).execute();
    }

    /** Statuses that arrived for these wamids before their sends were recorded, by wamid; removed as they are returned. */
    public Map<String, List<JsonNode>> takeUnmatched(Tx tx, Collection<String> wamids) {
        Map<String, List<JsonNode>> found = new HashMap<>();
        Tx.list(tx.query("DELETE FROM unmatched_status WHERE org_id = :org AND wamid = ANY(:wamids)"
                                + " RETURNING wamid, CAST(payload AS text) AS payload")
                        .addParam("org", tx.orgId()).addParam("wamids", wamids.toArray(String[]::new)),
                row -> Map.entry(row.column("wamid").getString(), tree(row.column("payload").getString())))
                .forEach(e -> found.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return found;
    }

    /**
     * A status for an unknown wamid whose callback data names a message still awaiting its wamid
     * (the server stopped between Meta's answer and storing it): that message gets the wamid now.
     */
    public boolean adoptWamid(Tx tx, long id, String wamid) {
        return tx.dml("UPDATE message SET wamid = :wamid, status = 'SENT', sent_at = COALESCE(sent_at, now()),"
                        + " updated_at = now() WHERE org_id = :org AND id = :id AND direction = 'OUT' AND wamid IS NULL")
                .addParam("wamid", wamid).addParam("org", tx.orgId()).addParam("id", id).execute() == 1;
    }

    /** Sets or (emoji null/blank) removes a reaction; true when that changed anything. */
    public boolean react(Tx tx, String targetWamid, String direction, String emoji, Instant at) {
        if (emoji == null || emoji.isBlank()) {
            return tx.dml("DELETE FROM message_reaction WHERE org_id = :org AND target_wamid = :target AND direction = :dir")
                    .addParam("org", tx.orgId()).addParam("target", targetWamid).addParam("dir", direction)
                    .execute() > 0;
        }
        return tx.dml("INSERT INTO message_reaction (org_id, target_wamid, direction, emoji, reacted_at)"
                        + " VALUES (:org, :target, :dir, :emoji, :at) ON CONFLICT (org_id, target_wamid, direction)"
                        + " DO UPDATE SET emoji = EXCLUDED.emoji, reacted_at = EXCLUDED.reacted_at"
                        + " WHERE message_reaction.emoji <> EXCLUDED.emoji AND message_reaction.reacted_at <= EXCLUDED.reacted_at")
                .addParam("org", tx.orgId()).addParam("target", targetWamid).addParam("dir", direction)
                .addParam("emoji", emoji).addParam("at", Rows.utc(at))
                .execute() > 0;
    }

    /** Those of {@code wamids} already stored, in one query. */
    public Set<String> storedWamids(Tx tx, Collection<String> wamids) {
        if (wamids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(Tx.list(tx.query("SELECT wamid FROM message WHERE org_id = :org AND wamid = ANY(:wamids)")
                .addParam("org", tx.orgId()).addParam("wamids", wamids.toArray(String[]::new)),
                row -> row.column("wamid").getString()));
    }

    public OptionalLong idByWamid(Tx tx, String wamid) {
        return tx.get("SELECT id FROM message WHERE org_id = :org AND wamid = :wamid")
                .addParam("org", tx.orgId()).addParam("wamid", wamid).execute()
                .map(row -> OptionalLong.of(row.column("id").getLong())).orElse(OptionalLong.empty());
    }

    /**
     * Applies a delivery status if it moves the message forward; a late "delivered" after "read"
     * changes nothing. Returns true when the row changed.
     */
    public boolean advanceStatus(Tx tx, long id, String status, Instant at, WhatsAppError error, JsonNode pricing) {
        if ("FAILED".equals(status)) {
            return tx.dml("UPDATE message SET status = 'FAILED', failed_at = :at, error_code = :code, error_title = :title,"
                            + " error_detail = :detail, pricing = COALESCE(CAST(:pricing AS jsonb), pricing), updated_at = now()"
                            + " WHERE org_id = :org AND id = :id AND status IN ('QUEUED', 'SENDING', 'SENT')")
                    .addParam("at", Rows.utc(at))
                    .addParam("code", error == null ? null : error.code())
                    .addParam("title", error == null ? "WhatsApp could not deliver this message." : error.title())
                    .addParam("detail", error == null ? null : error.detail())
                    .addParam("pricing", json(pricing))
                    .addParam("org", tx.orgId()).addParam("id", id)
                    .execute() == 1;
        }
        Integer rank = RANK.get(status);
        if (rank == null) {
            return false;
        }
        String column = switch (status) {
            case "SENT" -> "sent_at";
            case "DELIVERED" -> "delivered_at";
            case "READ" -> "read_at";
            default -> "updated_at";
        };
        List<String> lower = RANK.entrySet().stream().filter(e -> e.getValue() < rank).map(Map.Entry::getKey).toList();
        return tx.dml("UPDATE message SET status = :status, " + column + " = COALESCE(" + column + ", :at),"
                        + " pricing = COALESCE(CAST(:pricing AS jsonb), pricing), updated_at = now()"
                        + " WHERE org_id = :org AND id = :id AND status = ANY(:lower)")
                .addParam("status", status)
                .addParam("at", Rows.utc(at))
                .addParam("pricing", json(pricing))
                .addParam("org", tx.orgId()).addParam("id", id)
                .addParam("lower", lower.toArray(String[]::new))
                .execute() == 1;
    }

    /** Keeps a status whose message is not known yet; true when it was new. */
    public boolean keepUnmatched(Tx tx, StatusUpdate s) {
        return tx.dml("INSERT INTO unmatched_status (org_id, wamid, status, payload) VALUES (:org, :wamid, :status,"
                        + " CAST(:payload AS jsonb)) ON CONFLICT DO NOTHING")
                .addParam("org", tx.orgId()).addParam("wamid", s.wamid()).addParam("status", s.status())
                .addParam("payload", json(s.raw()))
                .execute() == 1;
    }

    public Optional<Message> view(Tx tx, long id) {
        return Tx.one(tx.get(SELECT + " WHERE m.org_id = :org AND m.id = :id").addParam("org", tx.orgId()).addParam("id", id),
                this::message);
    }

    /** Several messages by id, in one query; ids of other organisations are not found. */
    public Map<Long, Message> views(Tx tx, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, Message> found = new HashMap<>();
        Tx.list(tx.query(SELECT + " WHERE m.org_id = :org AND m.id = ANY(:ids)")
                .addParam("org", tx.orgId()).addParam("ids", ids.toArray(Long[]::new)), this::message)
                .forEach(m -> found.put(m.id(), m));
        return found;
    }

    /** Oldest to newest, the {@code limit} messages before {@code beforeId} (or the latest ones). */
    public List<Message> page(Tx tx, long conversationId, Long beforeId, int limit) {
        List<Message> newestFirst = Tx.list(tx.query(SELECT + " WHERE m.org_id = :org AND m.conversation_id = :conversation"
                        + " AND (CAST(:before AS bigint) IS NULL OR m.id < :before) ORDER BY m.id DESC LIMIT :limit")
                .addParam("org", tx.orgId())
                .addParam("conversation", conversationId)
                .addParam("before", beforeId)
                .addParam("limit", limit), this::message);
        List<Message> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    private Message message(DbRow row) {
        Long mediaId = Rows.longOrNull(row, "media_id");
        Media media = mediaId == null ? null : new Media(mediaId, Rows.string(row, "mime_type"), Rows.string(row, "filename"),
                Rows.longOrNull(row, "file_size"), Rows.string(row, "sha256"), Rows.string(row, "media_status"),
                "/api/v1/media/" + mediaId);
        Long errorCode = Rows.longOrNull(row, "error_code");
        String errorTitle = Rows.string(row, "error_title");
        MessageError error = errorCode == null && errorTitle == null ? null
                : new MessageError(errorCode == null ? null : errorCode.intValue(), errorTitle, Rows.string(row, "error_detail"));
        JsonNode content = tree(Rows.string(row, "content"));
        return new Message(row.column("id").getLong(), row.column("conversation_id").getLong(),
                row.column("direction").getString(), row.column("type").getString(), Rows.string(row, "text"),
                content == null || content.isEmpty() ? null : content, media, row.column("status").getString(), error,
                Rows.string(row, "wamid"), Rows.longOrNull(row, "sent_by"), Rows.longOrNull(row, "reply_to"),
                row.column("forwarded").getBoolean(), row.column("note").getBoolean(),
                reactions(Rows.string(row, "reactions")), Rows.instant(row, "created_at"));
    }

    private List<Reaction> reactions(String json) {
        JsonNode node = tree(json);
        List<Reaction> list = new ArrayList<>();
        if (node != null) {
            node.forEach(r -> list.add(new Reaction(r.path("direction").asText(), r.path("emoji").asText())));
        }
        return list;
    }

    String json(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        try {
            // PostgreSQL's jsonb cannot hold U+0000; anything else is kept as sent.
            return mapper.writeValueAsString(node).replace("\\u0000", "\\uFFFD");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode tree(String json) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is invalid", e);
        }
    }
}
