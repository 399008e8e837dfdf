package io.parley.server.inbox;

import io.parley.model.inbox.Message;
import io.parley.server.crm.ContactRepository;
import io.parley.server.event.EventLog;
import io.parley.server.job.JobQueue;
import io.parley.server.platform.db.Tx;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Stores what customers send and what WhatsApp reports, inside the caller's transaction (one per
 * webhook delivery and organisation): contact, conversation, message, media job and events together.
 * Everything is idempotent on wamid, so a redelivered webhook changes nothing and emits nothing.
 */
public final class InboundStore {
    public static final String MEDIA_FETCH_JOB = "media.fetch";

    private final ContactRepository contacts;
    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final MediaRepository media;
    private final EventLog events;
    private final JobQueue jobs;
    private final AutoAssignment assignment;

    public InboundStore(ContactRepository contacts, ConversationRepository conversations, MessageRepository messages,
                        MediaRepository media, EventLog events, JobQueue jobs, AutoAssignment assignment) {
        this.contacts = contacts;
        this.conversations = conversations;
        this.messages = messages;
        this.media = media;
        this.events = events;
        this.jobs = jobs;
        this.assignment = assignment;
    }

    /** Stores one inbound message; returns the new message id, or empty for a redelivery or a reaction. */
    public OptionalLong receive(Tx tx, long channelId, InboundMessage m) {
        if ("reaction".equals(m.type())) {
            react(tx, m);
            return OptionalLong.empty();
        }
        if (m.sender().waId() == null && m.sender().bsuid() == null) {
            // Nobody to attach it to (no from, no user id): kept nowhere but reported, so it is not silent.
            events.append(tx, "channel.error", Map.of("channelId", channelId, "detail",
                    "A message without a sender was ignored", "wamid", String.valueOf(m.wamid())));
            return OptionalLong.empty();
        }
        if (messages.idByWamid(tx, m.wamid()).isPresent()) {
            // A redelivery, possibly altered: it must not create a contact or conversation the message never joins.
            return OptionalLong.empty();
        }
        ContactRepository.Contact contact = contacts.upsert(tx, m.sender(), conversations::mergeContacts);
        long conversationId = conversations.forInbound(tx, channelId, contact.id());
        OptionalLong inserted = messages.insertInbound(tx, conversationId, m);
        if (inserted.isEmpty()) {
            return inserted;
        }
        long messageId = inserted.getAsLong();
        if (m.media() != null) {
            long mediaId = media.insertInbound(tx, messageId, channelId, m.media());
            jobs.enqueue(tx, MEDIA_FETCH_JOB, Map.of("mediaId", mediaId), null);
        }
        conversations.touch(tx, conversationId, m.timestamp(), preview(m), true);
        assignment.assignIfWanted(tx, conversationId);
        events.append(tx, "message.created", messages.view(tx, messageId).orElseThrow());
        events.append(tx, "conversation.updated", conversations.byId(tx, conversationId).orElseThrow().view());
        return inserted;
    }

    /** Applies a delivery status; unknown wamids are kept until their message is stored. */
    public void status(Tx tx, StatusUpdate s) {
        if (s.wamid() == null || s.status() == null) {
            return;
        }
        OptionalLong id = messages.idByWamid(tx, s.wamid());
        if (id.isEmpty()) {
            id = adoptByCallback(tx, s);
        }
        if (id.isEmpty()) {
            messages.keepUnmatched(tx, s);
            return;
        }
        String status = switch (s.status().toLowerCase(Locale.ROOT)) {
            case "sent" -> "SENT";
            case "delivered" -> "DELIVERED";
            // A played voice note has been listened to: as far as ticks go, read.
            case "read", "played" -> "READ";
            case "failed" -> "FAILED";
            default -> null;
        };
        if (status == null) {
            return;
        }
        WhatsAppError error = s.errors().isEmpty() ? null : s.errors().getFirst();
        if (messages.advanceStatus(tx, id.getAsLong(), status, s.timestamp(), error, s.pricing())) {
            Message view = messages.view(tx, id.getAsLong()).orElseThrow();
            events.append(tx, "message.updated", view);
        }
    }

    /** The callback data Parley puts on each send: lets a status find its message without the wamid. */
    public static String callbackData(long messageId) {
        return "m:" + messageId;
    }

    private OptionalLong adoptByCallback(Tx tx, StatusUpdate s) {
        String data = s.callbackData();
        if (data == null || !data.startsWith("m:")) {
            return OptionalLong.empty();
        }
        try {
            long id = Long.parseLong(data.substring(2));
            return messages.adoptWamid(tx, id, s.wamid()) ? OptionalLong.of(id) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private void react(Tx tx, InboundMessage m) {
        if (messages.react(tx, m.reactionTarget(), "IN", m.text(), m.timestamp())) {
            messages.idByWamid(tx, m.reactionTarget()).ifPresent(target ->
                    events.append(tx, "message.updated", messages.view(tx, target).orElseThrow()));
        }
    }

    private static String preview(InboundMessage m) {
        if (m.text() != null) {
            return m.text();
        }
        return switch (m.type()) {
            case "image" -> "📷 Photo";
            case "video" -> "🎥 Video";
            case "audio" -> "🎤 Voice message";
            case "document" -> "📄 " + (m.media() != null && m.media().filename() != null ? m.media().filename() : "Document");
            case "sticker" -> "Sticker";
            default -> "Unsupported message";
        };
    }
}
