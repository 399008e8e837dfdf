package io.parley.server.sending;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.model.channel.Template;
import io.parley.model.inbox.Message;
import io.parley.model.inbox.MessageRequest;
import io.parley.server.auth.Access;
import io.parley.server.auth.Principal;
import io.parley.server.channel.TemplateRepository;
import io.parley.server.event.EventLog;
import io.parley.server.inbox.ConversationRepository;
import io.parley.server.inbox.MediaKinds;
import io.parley.server.inbox.MediaRepository;
import io.parley.server.inbox.MessageRepository;
import io.parley.server.inbox.Visibility;
import io.parley.server.job.JobQueue;
import io.parley.server.job.JobWorker;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.error.NotFoundException;
import io.parley.server.platform.error.RuleViolationException;
import io.parley.server.platform.http.Json;
import io.parley.server.platform.http.PathIds;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * {@code POST /api/v1/conversations/{id}/messages} (queue a message: 202 with it, QUEUED) and
 * {@code POST /api/v1/conversations/{id}/read} (the caller's unread count drops to zero, and
 * WhatsApp's read receipt goes out for the newest customer message, once). Free-form messages need the 24-hour window open; templates do not.
 */
public final class OutboundService implements HttpService {
    public static final String READ_JOB = "outbound.read";

    private final Database db;
    private final Json json;
    private final Clock clock;
    private final OutboundComposer composer;
    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final TemplateRepository templates;
    private final MediaRepository media;
    private final EventLog events;
    private final JobQueue jobs;
    private final JobWorker worker;
    private final Visibility visibility;

    public OutboundService(Database db, Json json, Clock clock, OutboundComposer composer,
                           ConversationRepository conversations, MessageRepository messages, TemplateRepository templates,
                           MediaRepository media, EventLog events, JobQueue jobs, JobWorker worker, Visibility visibility) {
        this.db = db;
        this.json = json;
        this.clock = clock;
        this.composer = composer;
        this.conversations = conversations;
        this.messages = messages;
        this.templates = templates;
        this.media = media;
        this.events = events;
        this.jobs = jobs;
        this.worker = worker;
        this.visibility = visibility;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/{id}/messages", Access.member(this::send))
                .post("/{id}/read", Access.member(this::read));
    }

    private void send(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "conversation");
        MessageRequest body = json.read(req, MessageRequest.class);
        Message queued = db.inOrg(principal.orgId(), tx -> {
            ConversationRepository.Stored conversation = conversations.byId(tx, id, null,
                    visibility.restrictedAgent(tx, principal)).orElseThrow(() -> notFound(id));
            OutboundComposer.Composed composed = composer.compose(body,
                    messageId -> messages.view(tx, messageId).filter(m -> m.conversationId() == id)
                            .map(Message::wamid).orElse(null),
                    (name, language) -> templates.find(tx, conversation.channelId(), name, language)
                            .map(OutboundService::bodyText).orElse(null),
                    uploadId -> media.freeUpload(tx, uploadId).flatMap(m -> MediaKinds.of(m.mimeType())
                            .map(kind -> new OutboundComposer.Upload(m.id(), kind, m.filename()))).orElse(null));
            Instant now = clock.instant();
            if (composed.freeForm() && !conversation.windowOpen(now)) {
                throw new RuleViolationException(conversation.lastInboundAt() == null
                        ? "This customer has not written yet, so WhatsApp only allows an approved template."
                        : "The 24-hour customer-service window closed at " + conversation.view().windowExpiresAt()
                        + "; only an approved template can be sent until the customer writes again.");
            }
            long messageId = messages.insertOutbound(tx, id, composed, principal.userId(), now);
            if (composed.content().has("uploadId")) {
                media.attach(tx, composed.content().get("uploadId").asLong(), messageId);
            }
            jobs.enqueue(tx, OutboundSender.JOB, Map.of("messageId", messageId), null);
            if (!"reaction".equals(composed.type())) {
                conversations.touch(tx, id, now, composed.text(), false);
            }
            Message message = messages.view(tx, messageId).orElseThrow();
            events.append(tx, "message.created", message);
            events.append(tx, "conversation.updated", conversations.byId(tx, id).orElseThrow().view());
            return message;
        });
        worker.wakeUp();
        json.send(res, Status.ACCEPTED_202, queued);
    }

    private void read(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "conversation");
        boolean queued = db.inOrg(principal.orgId(), tx -> {
            conversations.byId(tx, id, null, visibility.restrictedAgent(tx, principal)).orElseThrow(() -> notFound(id));
            if (principal.isUser()) {
                conversations.markRead(tx, id, principal.userId(), messages.newestId(tx, id));
            }
            return conversations.claimReadReceipt(tx, id).map(wamid -> {
                jobs.enqueue(tx, READ_JOB, Map.of("conversationId", id, "wamid", wamid), null);
                return true;
            }).orElse(false);
        });
        if (queued) {
            worker.wakeUp();
        }
        Json.noContent(res);
    }

    private static String bodyText(Template template) {
        for (var component : template.components()) {
            if ("BODY".equalsIgnoreCase(component.path("type").asText())) {
                return component.path("text").asText(null);
            }
        }
        return null;
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("No conversation with id " + id + ".");
    }
}
