package io.parley.server.sending;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.model.inbox.Message;
import io.parley.server.channel.ChannelProvider;
import io.parley.server.channel.ChannelProviders;
import io.parley.server.channel.ChannelRepository;
import io.parley.server.channel.StoredChannel;
import io.parley.server.channel.WebhookParser;
import io.parley.server.event.EventLog;
import io.parley.server.inbox.InboundStore;
import io.parley.server.inbox.MediaRepository;
import io.parley.server.inbox.MessageRepository;
import io.parley.server.inbox.WhatsAppError;
import io.parley.server.job.HandedOff;
import io.parley.server.job.Job;
import io.parley.server.job.JobHandler;
import io.parley.server.job.JobQueue;
import io.parley.server.job.RetryLater;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.GroupCommits;
import io.parley.server.platform.db.Tx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * Sends one queued message (job {@value #JOB}): in conversation order, within the recipient's pair
 * rate and the channel's throughput ({@link SendRateLimiter}). The message is marked SENDING before the provider is
 * called, with our id in {@code biz_opaque_callback_data}. A crash after that leaves it SENDING
 * without knowing whether Meta took it; the next attempt then waits up to the reconcile time for a
 * status webhook carrying that callback data — which proves it arrived and adopts its wamid — and
 * only without one sends it again. So nothing is lost, and nothing goes out twice unless Meta took
 * it yet reports so later than the reconcile time.
 */
public final class OutboundSender implements JobHandler {
    public static final String JOB = "outbound.send";
    static final int MAX_SEND_ATTEMPTS = 6;
    /**
     * Meta's per-recipient limit ("pair rate"): at most this many messages to one customer in
     * {@link #PAIR_WINDOW} — on average one per 6 s, as Meta allows, with room for a quick follow-up.
     */
    static final int PAIR_BURST = 5;
    static final Duration PAIR_WINDOW = Duration.ofSeconds(30);
    /** Waits up to this long in place for a rate slot; longer waits give the job's thread back. */
    private static final Duration WAIT_IN_PLACE = Duration.ofSeconds(2);
    /** How often an interrupted send looks for its status webhook while it waits. */
    private static final Duration PROOF_POLL = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(OutboundSender.class.getName());

    private final Database db;
    private final MessageRepository messages;
    private final MediaRepository mediaFiles;
    private final ChannelRepository channels;
    private final ChannelProviders providers;
    private final SendRateLimiter limiter;
    private final InboundStore inbound;
    private final WebhookParser parser;
    private final EventLog events;
    private final JobQueue jobs;
    private final Clock clock;
    private final Duration reconcile;
    private final GroupCommits<Preparing> preparations;
    private final GroupCommits<Sent> sent;

    public OutboundSender(Database db, MessageRepository messages, MediaRepository mediaFiles,
                          ChannelRepository channels, ChannelProviders providers,
                          SendRateLimiter limiter, InboundStore inbound, WebhookParser parser, EventLog events, JobQueue jobs,
                          Clock clock, Duration reconcile) {
        this.db = db;
        this.messages = messages;
        this.mediaFiles = mediaFiles;
        this.channels = channels;
        this.providers = providers;
        this.limiter = limiter;
        this.inbound = inbound;
        this.parser = parser;
        this.events = events;
        this.jobs = jobs;
        this.clock = clock;
        this.reconcile = reconcile;
        this.preparations = new GroupCommits<>("send-prepare", 1, db, this::prepare);
        this.sent = new GroupCommits<>("sent", 1, db, this::record);
    }

    private record Ready(MessageRepository.Outgoing message, StoredChannel channel, String to) {
    }

    /** A send being made ready, with what its group's transaction found: ready to go, to wait, or neither. */
    private static final class Preparing {
        final long id;
        Ready ready;
        RetryLater wait;

        Preparing(long id) {
            this.id = id;
        }
    }

    @Override
    public void run(Job job) {
        long id = job.payload().path("messageId").asLong();
        Preparing preparing = new Preparing(id);
        preparations.commit(job.orgId(), preparing);
        if (preparing.wait != null) {
            throw preparing.wait;
        }
        Ready ready = preparing.ready;
        if (ready == null) {
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
        sent.offer(job.orgId(), new Sent(id, wamid, ready.message(), job.id()));
        throw new HandedOff();
    }

    /**
     * Makes sends ready together — a round trip for each statement of a group rather than of every
     * send: reads the messages, decides which may go now, and marks those SENDING.
     */
    private void prepare(Tx tx, List<Preparing> group) {
        Map<Long, MessageRepository.Outgoing> found = messages.outgoing(tx, group.stream().map(p -> p.id).toList(),
                PAIR_BURST, PAIR_WINDOW);
        Map<Preparing, MessageRepository.Outgoing> sendable = new LinkedHashMap<>();
        for (Preparing p : group) {
            // A group that failed is prepared again item by item: nothing is kept from the first try.
            p.ready = null;
            p.wait = null;
            MessageRepository.Outgoing m = found.get(p.id);
            if (m != null && m.status().equals("SENDING")) {
                // Interrupted in flight: wait for proof that Meta took it (a status webhook adopts it), else resend.
                Duration left = reconcile.minus(m.sendingFor());
                if (left.isPositive()) {
                    p.wait = new RetryLater(left.compareTo(PROOF_POLL) < 0 ? left : PROOF_POLL,
                            "waiting for a status webhook about the interrupted send");
                    continue;
                }
                LOG.info("Message " + p.id + " was interrupted while sending and WhatsApp never reported it; sending it again");
                messages.requeue(tx, p.id);
                m = m.requeued();
            }
            if (m == null || !m.status().equals("QUEUED")) {
                continue;
            }
            if (!m.next()) {
                p.wait = new RetryLater(Duration.ofMillis(200), "an earlier message of the conversation goes first");
            } else if (m.to().waId() == null) {
                fail(tx, p.id, WhatsAppError.of(131062, "This customer has no WhatsApp number Parley can send to.", null));
            } else if (m.to().pairWait().isPositive()) {
                // Queued, not failed: the customer has had their share of messages for now.
                p.wait = new RetryLater(m.to().pairWait(), "pair rate");
            } else {
                sendable.put(p, m);
            }
        }
        if (sendable.isEmpty()) {
            return;
        }
        Map<Long, StoredChannel> channelsById = channels.byIds(tx,
                sendable.values().stream().map(m -> m.to().channelId()).distinct().toList());
        // A channel is gone only with its conversations and their messages (cascade): nothing to send.
        sendable.values().removeIf(m -> !channelsById.containsKey(m.to().channelId()));
        Set<Long> marked = messages.markSending(tx, sendable.keySet().stream().map(p -> p.id).toList());
        sendable.forEach((p, m) -> {
            if (marked.contains(p.id)) {
                p.ready = new Ready(m, channelsById.get(m.to().channelId()), m.to().waId());
            }
        });
    }

    /** A message Meta took, with the wamid it gave it, and the job that sent it. */
    private record Sent(long id, String wamid, MessageRepository.Outgoing message, long jobId) {
    }

    /**
     * Records sends together — a thousand a second of one organisation would otherwise queue one by
     * one on its event counter: SENT with their wamids, their events, any statuses that arrived before
     * them (applied after), and their jobs done. The sending job's thread does not wait for this: a
     * crash before it commits leaves the message SENDING and its job due again once its lease is
     * out, which then reconciles it like any send interrupted mid-call.
     */
    private void record(Tx tx, List<Sent> sends) {
        Instant now = clock.instant();
        List<Long> ids = sends.stream().map(Sent::id).toList();
        List<String> wamids = sends.stream().map(Sent::wamid).toList();
        messages.markSent(tx, ids, wamids, now);
        for (Sent s : sends) {
            if ("reaction".equals(s.message().type())) {
                JsonNode reaction = s.message().request().path("reaction");
                messages.react(tx, reaction.path("message_id").asText(), "OUT", reaction.path("emoji").asText(""), now);
            }
        }
        Map<Long, Message> views = messages.views(tx, ids);
        ids.stream().map(views::get).filter(Objects::nonNull).forEach(view -> events.append(tx, "message.updated", view));
        Map<String, List<JsonNode>> early = messages.takeUnmatched(tx, wamids);
        for (String wamid : wamids) {
            early.getOrDefault(wamid, List.of()).forEach(status -> inbound.status(tx, parser.status(status)));
        }
        jobs.complete(tx, sends.stream().map(Sent::jobId).toList());
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
            Duration wait = limiter.reserve(ready.channel().id(), ready.channel().messagesPerSecond());
            if (wait.compareTo(WAIT_IN_PLACE) > 0) {
                // Not sent, certainly: back in the queue rather than left looking interrupted (the slot is let go).
                db.runInOrg(orgId, tx -> messages.requeue(tx, id));
                throw new RetryLater(wait, "rate limit");
            }
            long due = System.nanoTime() + wait.toNanos();
            for (long left = wait.toNanos(); left > 0; left = due - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
            if (System.nanoTime() - due <= SendRateLimiter.LATE_FOR_SLOT.toNanos()) {
                return;
            }
            // Woken too late (a pause of this process): sent now, it would bunch up with the slots after it.
        }
    }

    private void fail(Tx tx, long id, WhatsAppError error) {
        messages.markFailed(tx, id, error, clock.instant());
        events.append(tx, "message.updated", messages.view(tx, id).orElseThrow());
    }
}
