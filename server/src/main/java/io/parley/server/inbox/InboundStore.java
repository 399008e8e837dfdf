package io.parley.server.inbox;

import io.parley.model.inbox.Message;
import io.parley.server.crm.ContactRepository;
import io.parley.server.event.EventLog;
import io.parley.server.job.JobQueue;
import io.parley.server.platform.db.Tx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.IntStream;

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

    /** A message and the channel it came in on. */
    public record Arrival(long channelId, InboundMessage message) {
    }

    /** Stores one inbound message; returns the new message id, or empty for a redelivery or a reaction. */
    public OptionalLong receive(Tx tx, long channelId, InboundMessage m) {
        return receiveAll(tx, List.of(new Arrival(channelId, m))).getFirst();
    }

    /**
     * Stores the messages of a batch of deliveries in arrival order; returns, for each, the new message
     * id, or empty for a redelivery or a reaction. Set-based where it can be: known wamids, settings and
     * the views the events carry are read once for the batch, so a returning customer's message costs
     * one statement (conversation and message together) rather than eight.
     */
    public List<OptionalLong> receiveAll(Tx tx, List<Arrival> arrivals) {
        Set<String> seen = new HashSet<>(messages.storedWamids(tx, arrivals.stream()
                .map(a -> a.message().wamid()).filter(Objects::nonNull).toList()));
        Map<String, ContactRepository.Contact> known = new HashMap<>(contacts.byWaIds(tx, arrivals.stream()
                .map(a -> a.message().sender().waId()).filter(Objects::nonNull).distinct().toList()));
        AutoAssignment.Settings settings = null;
        List<OptionalLong> stored = new ArrayList<>(arrivals.size());
        List<Long> created = new ArrayList<>();
        Set<Long> touched = new LinkedHashSet<>();
        List<InboundMessage> reactions = new ArrayList<>();
        arrivals.forEach(a -> stored.add(OptionalLong.empty()));
        for (int index : inLockOrder(arrivals)) {
            Arrival arrival = arrivals.get(index);
            InboundMessage m = arrival.message();
            if ("reaction".equals(m.type())) {
                // After the batch's messages, which one of them may be the target of.
                reactions.add(m);
                continue;
            }
            if (m.sender().waId() == null && m.sender().bsuid() == null) {
                // Nobody to attach it to (no from, no user id): kept nowhere but reported, so it is not silent.
                events.append(tx, "channel.error", Map.of("channelId", arrival.channelId(), "detail",
                        "A message without a sender was ignored", "wamid", String.valueOf(m.wamid())));
                continue;
            }
            if (m.wamid() != null && !seen.add(m.wamid())) {
                // A redelivery, possibly altered: it must not create a contact or conversation the message never joins.
                continue;
            }
            ContactRepository.Contact contact = contactOf(tx, m.sender(), known);
            Optional<MessageRepository.Received> received = messages.insertInbound(tx, arrival.channelId(), contact.id(), m,
                    preview(m));
            long conversationId;
            long messageId;
            if (received.isPresent()) {
                conversationId = received.get().conversationId();
                messageId = received.get().messageId();
            } else {
                // A concurrent transaction created the conversation, or stored this very message.
                conversationId = conversations.forInbound(tx, arrival.channelId(), contact.id());
                OptionalLong inserted = messages.insertInbound(tx, conversationId, m);
                if (inserted.isEmpty()) {
                    continue;
                }
                conversations.touch(tx, conversationId, m.timestamp(), preview(m), true);
                messageId = inserted.getAsLong();
            }
            stored.set(index, OptionalLong.of(messageId));
            if (m.media() != null) {
                long mediaId = media.insertInbound(tx, messageId, arrival.channelId(), m.media());
                jobs.enqueue(tx, MEDIA_FETCH_JOB, Map.of("mediaId", mediaId), null);
            }
            if (settings == null) {
                settings = assignment.settings(tx);
            }
            assignment.assignIfWanted(tx, conversationId, settings);
            created.add(messageId);
            touched.add(conversationId);
        }
        Map<Long, Message> views = messages.views(tx, created);
        created.forEach(id -> events.append(tx, "message.created", views.get(id)));
        Map<Long, ConversationRepository.Stored> threads = conversations.byIds(tx, touched);
        touched.forEach(id -> events.append(tx, "conversation.updated", threads.get(id).view()));
        reactions.forEach(m -> react(tx, m));
        return stored;
    }

    /**
     * The arrivals' positions ordered by channel and sender — stable, so one customer's messages keep
     * their order. Two batches stored at the same time then lock their contacts and conversations in
     * the same order, and one waits for the other instead of both deadlocking.
     */
    private static List<Integer> inLockOrder(List<Arrival> arrivals) {
        Comparator<Integer> byCustomer = Comparator.comparingLong((Integer i) -> arrivals.get(i).channelId())
                .thenComparing(i -> customerKey(arrivals.get(i).message().sender()));
        return IntStream.range(0, arrivals.size()).boxed().sorted(byCustomer).toList();
    }

    private static String customerKey(ContactRepository.Identity who) {
        return who.waId() != null ? who.waId() : Objects.requireNonNullElse(who.bsuid(), "");
    }

    /** The sender's contact: as read for the batch when nothing about it changes, else upserted. */
    private ContactRepository.Contact contactOf(Tx tx, ContactRepository.Identity who,
                                                Map<String, ContactRepository.Contact> known) {
        ContactRepository.Contact read = who.waId() == null ? null : known.get(who.waId());
        if (read != null && ContactRepository.unchanged(read, who)) {
            return read;
        }
        ContactRepository.Contact contact = contacts.upsert(tx, who, conversations::mergeContacts);
        if (who.bsuid() != null) {
            // A merge may have removed a contact read for the batch.
            known.clear();
        } else {
            known.put(who.waId(), contact);
        }
        return contact;
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
