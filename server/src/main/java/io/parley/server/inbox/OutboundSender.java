package io.parley.server.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.server.channel.ChannelProvider;
import io.parley.server.channel.ChannelProviders;
import io.parley.server.channel.ChannelRepository;
import io.parley.server.channel.StoredChannel;
import io.parley.server.channel.WebhookParser;
import io.parley.server.crm.ContactRepository;
import io.parley.server.event.EventLog;
import io.parley.server.job.Job;
import io.parley.server.job.JobHandler;
import io.parley.server.job.RetryLater;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.Tx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * Sends one queued message (job {@value #JOB}): in conversation order, within the channel's
 * throughput and the recipient's pair rate. The message is marked SENDING before the provider is
 * called, with our id in {@code biz_opaque_callback_data}. A crash after that leaves it SENDING
 * without knowing whether Meta took it; the next attempt then waits up to the reconcile time for a
 * status webhook carrying that callback data — which proves it arrived and adopts its wamid — and
 * only without one sends it again. So nothing is lost, and nothing goes out twice unless Meta took
 * it yet reports so later than the reconcile time.
 */
public final class OutboundSender implements JobHandler {
    public static final String JOB = "outbound.send";
    static final int MAX_SEND_ATTEMPTS = 6;
    /** Waits up to this long in place for a rate slot; longer waits give the job's thread back. */
    private static final Duration WAIT_IN_PLACE = Duration.ofSeconds(2);
    /** How often an interrupted send looks for its status webhook while it waits. */
    private static final Duration PROOF_POLL = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(OutboundSender.class.getName());

    private final Database db;
    private final MessageRepository messages;
    private final MediaRepository mediaFiles;
    private final ConversationRepository conversations;
    private final ContactRepository contacts;
    private final ChannelRepository channels;
    private final ChannelProviders providers;
    private final SendRateLimiter limiter;
    private final InboundStore inbound;
    private final WebhookParser parser;
    private final EventLog events;
    private final Clock clock;
    private final Duration reconcile;

    public OutboundSender(Database db, MessageRepository messages, MediaRepository mediaFiles,
                          ConversationRepository conversations,
                          ContactRepository contacts, ChannelRepository channels, ChannelProviders providers,
                          SendRateLimiter limiter, InboundStore inbound, WebhookParser parser, EventLog events, Clock clock,
                          Duration reconcile) {
        this.db = db;
        this.messages = messages;
        this.mediaFiles = mediaFiles;
        this.conversations = conversations;
        this.contacts = contacts;
        this.channels = channels;
        this.providers = providers;
        this.limiter = limiter;
        this.inbound = inbound;
        this.parser = parser;
        this.events = events;
        this.clock = clock;
        this.reconcile = reconcile;
    }

    private record Ready(MessageRepository.Outgoing message, StoredChannel channel, String to) {
    }

    @Override
    public void run(Job job) {
        long id = job.payload().path("messageId").asLong();
        Ready ready = db.inOrg(job.orgId(), tx -> {
            MessageRepository.Outgoing m = messages.outgoing(tx, id).orElse(null);
            if (m != null && m.status().equals("SENDING")) {
                // Interrupted in flight: wait for proof that Meta took it (a status webhook adopts it), else resend.
                Duration left = reconcile.minus(m.sendingFor());
                if (left.isPositive()) {
                    throw new RetryLater(left.compareTo(PROOF_POLL) < 0 ? left : PROOF_POLL,
                            "waiting for a status webhook about the interrupted send");
                }
                LOG.info("Message " + id + " was interrupted while sending and WhatsApp never reported it; sending it again");
                messages.requeue(tx, id);
                m = messages.outgoing(tx, id).orElseThrow();
            }
            if (m == null || !m.status().equals("QUEUED")) {
                return null;
            }
            if (messages.firstUnsent(tx, m.conversationId()).orElse(id) != id) {
                throw new RetryLater(Duration.ofMillis(200), "an earlier message of the conversation goes first");
            }
            ConversationRepository.Stored conversation = conversations.byId(tx, m.conversationId()).orElseThrow();
            StoredChannel channel = channels.byId(tx, conversation.channelId()).orElseThrow();
            String waId = contacts.byId(tx, conversation.contactId()).map(ContactRepository.Contact::waId).orElse(null);
            if (waId == null) {
                fail(tx, id, WhatsAppError.of(131062, "This customer has no WhatsApp number Parley can send to.", null));
                return null;
            }
            return new Ready(m, channel, waId);
        });
        if (ready == null) {
            return;
        }
        if (!db.inOrg(job.orgId(), tx -> messages.markSending(tx, id))) {
            return;
        }
        String wamid;
        try {
            ObjectNode body = withProviderMedia(job.orgId(), ready, ready.message().request().deepCopy());
            // The slot is taken right before the call, so that Meta sees the sends as evenly as they were paced.
            awaitSlot(job.orgId(), id, ready);
            wamid = providers.of(ready.channel()).send(ready.channel(), ready.to(), body, InboundStore.callbackData(id));
        } catch (ChannelProvider.SendFailure failure) {
            if (failure.mayHaveArrived()) {
                // Left SENDING: like a crash mid-call, it waits for the status webhook before any second try.
                throw new RetryLater(PROOF_POLL, failure.getMessage());
            }
            int attempts = ready.message().attempts() + 1;
            if (failure.retryable() && attempts < MAX_SEND_ATTEMPTS) {
                db.runInOrg(job.orgId(), tx -> messages.requeue(tx, id));
                throw new RetryLater(Duration.ofSeconds(Math.min(60, 1L << attempts)), failure.getMessage());
            }
            db.runInOrg(job.orgId(), tx -> fail(tx, id, failure.error()));
            return;
        }
        db.runInOrg(job.orgId(), tx -> {
            messages.markSent(tx, id, wamid, clock.instant());
            if ("reaction".equals(ready.message().type())) {
                JsonNode reaction = ready.message().request().path("reaction");
                messages.react(tx, reaction.path("message_id").asText(), "OUT", reaction.path("emoji").asText(""),
                        clock.instant());
            }
            events.append(tx, "message.updated", messages.view(tx, id).orElseThrow());
            for (JsonNode early : messages.takeUnmatched(tx, wamid)) {
                inbound.status(tx, parser.status(early));
            }
        });
    }

    /** An uploaded file goes to the provider first; the message then names the provider's media id. */
    private ObjectNode withProviderMedia(long orgId, Ready ready, ObjectNode body) {
        JsonNode object = body.path(ready.message().type());
        if (!(object instanceof ObjectNode media) || !media.has(OutboundComposer.UPLOAD_FIELD)) {
            return body;
        }
        long uploadId = media.remove(OutboundComposer.UPLOAD_FIELD).asLong();
        MediaRepository.StoredMedia file = db.inOrg(orgId, tx -> mediaFiles.byId(tx, uploadId))
                .orElseThrow(() -> new ChannelProvider.SendFailure(
                        WhatsAppError.of(131053, "The uploaded file no longer exists.", null), false));
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(file.path()));
        } catch (IOException e) {
            throw new ChannelProvider.SendFailure(WhatsAppError.of(131053, "The uploaded file cannot be read.",
                    e.getMessage()), false);
        }
        media.put("id", providers.of(ready.channel()).uploadMedia(ready.channel(), bytes, file.mimeType(), file.filename()));
        if ("document".equals(ready.message().type()) && file.filename() != null && !media.has("filename")) {
            media.put("filename", file.filename());
        }
        return body;
    }

    private void awaitSlot(long orgId, long id, Ready ready) {
        while (true) {
            Duration wait = limiter.tryAcquire(ready.channel().id(), ready.channel().messagesPerSecond(), ready.to());
            if (wait.isZero()) {
                return;
            }
            if (wait.compareTo(WAIT_IN_PLACE) > 0) {
                // Not sent, certainly: back in the queue rather than left looking interrupted.
                db.runInOrg(orgId, tx -> messages.requeue(tx, id));
                throw new RetryLater(wait, "rate limit");
            }
            // A computed deadline, not a guess: the window frees a slot at that moment.
            LockSupport.parkNanos(wait.toNanos());
        }
    }

    private void fail(Tx tx, long id, WhatsAppError error) {
        messages.markFailed(tx, id, error, clock.instant());
        events.append(tx, "message.updated", messages.view(tx, id).orElseThrow());
    }
}
