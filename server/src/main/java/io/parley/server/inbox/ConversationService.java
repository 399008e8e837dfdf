package io.parley.server.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.model.common.Page;
import io.parley.model.identity.Role;
import io.parley.model.inbox.Conversation;
import io.parley.model.inbox.Message;
import io.parley.server.auth.Access;
import io.parley.server.auth.Principal;
import io.parley.server.event.EventLog;
import io.parley.server.job.JobQueue;
import io.parley.server.org.TeamRepository;
import io.parley.server.org.UserRepository;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.Tx;
import io.parley.server.platform.error.BadRequestException;
import io.parley.server.platform.error.ForbiddenException;
import io.parley.server.platform.error.NotFoundException;
import io.parley.server.platform.error.ValidationException;
import io.parley.server.platform.http.Json;
import io.parley.server.platform.http.Paging;
import io.parley.server.platform.http.PathIds;
import io.parley.server.platform.http.Violations;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/conversations}: the list with its filters and tab counts, one conversation, its
 * messages, changes (status, snooze, assignment, team, priority, labels) and private notes.
 * Sending lives in {@link OutboundService}.
 */
public final class ConversationService implements HttpService {
    public static final String WAKE_JOB = "conversation.wake";
    private static final Set<String> STATUSES = Set.of("OPEN", "PENDING", "SNOOZED", "RESOLVED");
    private static final Set<String> PRIORITIES = Set.of("LOW", "NORMAL", "HIGH", "URGENT");

    private final Database db;
    private final Json json;
    private final Clock clock;
    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final UserRepository users;
    private final TeamRepository teams;
    private final EventLog events;
    private final JobQueue jobs;
    private final Visibility visibility;

    public ConversationService(Database db, Json json, Clock clock, ConversationRepository conversations,
                               MessageRepository messages, UserRepository users, TeamRepository teams, EventLog events,
                               JobQueue jobs, Visibility visibility) {
        this.db = db;
        this.json = json;
        this.clock = clock;
        this.conversations = conversations;
        this.messages = messages;
        this.users = users;
        this.teams = teams;
        this.events = events;
        this.jobs = jobs;
        this.visibility = visibility;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", Access.member(this::list))
                .get("/counts", Access.member(this::counts))
                .get("/{id}", Access.member(this::get))
                .patch("/{id}", Access.member(this::update))
                .get("/{id}/messages", Access.member(this::messages))
                .post("/{id}/notes", Access.member(this::note));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        Paging paging = Paging.from(req);
        ConversationRepository.Filter filter = filter(req, principal);
        json.send(res, paging.page(db.inOrg(principal.orgId(), tx -> conversations.page(tx, paging, filter,
                principal.userId(), visibility.restrictedAgent(tx, principal))), Conversation::id));
    }

    private void counts(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        json.send(res, db.inOrg(principal.orgId(), tx -> conversations.counts(tx, principal.userId(),
                visibility.restrictedAgent(tx, principal))));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "conversation");
        json.send(res, db.inOrg(principal.orgId(), tx -> visible(tx, principal, id)).view());
    }

    private void update(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "conversation");
        JsonNode body = json.read(req, JsonNode.class);
        if (!body.isObject()) {
            throw new BadRequestException("The body must be a JSON object.");
        }
        ConversationRepository.Change change = change(body, principal);
        Conversation updated = db.inOrg(principal.orgId(), tx -> {
            visible(tx, principal, id);
            if (change.assigneeId() != null && users.byId(tx, change.assigneeId())
                    .filter(a -> a.user().active()).isEmpty()) {
                throw ValidationException.of("assigneeId", "is not an active user of this organisation");
            }
            if (change.teamId() != null && teams.byId(tx, change.teamId()).isEmpty()) {
                throw ValidationException.of("teamId", "is not a team of this organisation");
            }
            conversations.apply(tx, id, change);
            if ("SNOOZED".equals(change.status())) {
                jobs.enqueue(tx, WAKE_JOB, Map.of("conversationId", id), change.snoozedUntil());
            }
            Conversation view = conversations.byId(tx, id).orElseThrow().view();
            events.append(tx, "conversation.updated", view);
            return conversations.byId(tx, id, principal.userId(), null).orElseThrow().view();
        });
        json.send(res, updated);
    }

    private ConversationRepository.Change change(JsonNode body, Principal principal) {
        Violations v = new Violations();
        String status = upper(body, "status");
        v.check(status == null || STATUSES.contains(status), "status", "must be one of " + STATUSES);
        Instant snoozedUntil = null;
        if (body.hasNonNull("snoozedUntil")) {
            try {
                snoozedUntil = Instant.parse(body.get("snoozedUntil").asText());
            } catch (DateTimeParseException e) {
                v.check(false, "snoozedUntil", "must be an ISO-8601 time such as 2026-11-22T08:00:00Z");
            }
        }
        if ("SNOOZED".equals(status)) {
            v.check(snoozedUntil != null && snoozedUntil.isAfter(clock.instant()), "snoozedUntil",
                    "is required when snoozing, and must be in the future");
        }
        boolean assigneeGiven = body.has("assigneeId");
        Long assigneeId = longOrNull(body, "assigneeId", v);
        boolean teamGiven = body.has("teamId");
        Long teamId = longOrNull(body, "teamId", v);
        String priority = upper(body, "priority");
        v.check(priority == null || PRIORITIES.contains(priority), "priority", "must be one of " + PRIORITIES);
        List<String> labels = null;
        if (body.has("labels")) {
            JsonNode node = body.get("labels");
            if (!node.isArray() || node.size() > 20) {
                v.check(false, "labels", "must be a list of at most 20 labels");
            } else {
                labels = new ArrayList<>();
                for (JsonNode label : node) {
                    String text = label.isTextual() ? label.asText().strip() : "";
                    v.check(!text.isEmpty() && text.length() <= 50, "labels", "each label is 1 to 50 characters");
                    if (!labels.contains(text)) {
                        labels.add(text);
                    }
                }
            }
        }
        v.throwIfAny();
        if (assigneeGiven && principal.role() == Role.AGENT && assigneeId != null && !assigneeId.equals(principal.userId())) {
            throw new ForbiddenException("Agents can take a conversation or let it go; a SUPERVISOR assigns others.");
        }
        return new ConversationRepository.Change(status, snoozedUntil, assigneeGiven, assigneeId, teamGiven, teamId,
                priority, labels);
    }

    /** Oldest to newest; {@code ?before=<message id>} pages back in time; {@code nextCursor} is the id to pass next. */
    private void messages(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "conversation");
        Paging paging = Paging.from(req);
        Long before = req.query().first("before").map(ConversationService::messageId).orElse(null);
        List<Message> page = db.inOrg(principal.orgId(), tx -> {
            visible(tx, principal, id);
            return messages.page(tx, id, before, paging.fetchSize());
        });
        boolean more = page.size() > paging.limit();
        List<Message> items = more ? page.subList(1, page.size()) : page;
        json.send(res, new Page<>(items, more ? Long.toString(items.getFirst().id()) : null));
    }

    /** A private note: shown to the team in the timeline, never sent to WhatsApp. */
    private void note(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        if (!principal.isUser()) {
            throw new ForbiddenException("Notes are written by people; an API key has no name to sign them with.");
        }
        long id = PathIds.id(req, "id", "conversation");
        NoteRequest body = json.read(req, NoteRequest.class);
        new Violations().text("text", body.text(), 4096).throwIfAny();
        Message note = db.inOrg(principal.orgId(), tx -> {
            visible(tx, principal, id);
            long noteId = messages.insertNote(tx, id, body.text().strip(), principal.userId(), clock.instant());
            Message created = messages.view(tx, noteId).orElseThrow();
            events.append(tx, "message.created", created);
            return created;
        });
        json.send(res, Status.CREATED_201, note);
    }

    /** {@code {text}} */
    public record NoteRequest(String text) {
    }

    private static ConversationRepository.Filter filter(ServerRequest req, Principal principal) {
        List<String> statuses = req.query().first("status").asOptional()
                .map(raw -> Arrays.stream(raw.split(",")).map(s -> s.strip().toUpperCase(Locale.ROOT))
                        .filter(s -> !s.isEmpty()).toList())
                .orElse(null);
        if (statuses != null && (statuses.isEmpty() || !STATUSES.containsAll(statuses))) {
            throw ValidationException.of("status", "must be one or more of " + STATUSES + ", comma-separated");
        }
        String assignee = req.query().first("assignee").asOptional().map(String::strip).orElse(null);
        if (assignee != null && !assignee.equals("me") && !assignee.equals("none") && !assignee.matches("[0-9]{1,18}")) {
            throw ValidationException.of("assignee", "must be me, none or a user id");
        }
        if ("me".equals(assignee) && !principal.isUser()) {
            throw ValidationException.of("assignee", "'me' needs a signed-in user, not an API key");
        }
        return new ConversationRepository.Filter(statuses, assignee, longParam(req, "teamId"), longParam(req, "channelId"),
                req.query().first("label").asOptional().map(String::strip).filter(s -> !s.isEmpty()).orElse(null),
                req.query().first("q").asOptional().map(String::strip).filter(s -> !s.isEmpty()).orElse(null));
    }

    private static Long longParam(ServerRequest req, String name) {
        return req.query().first(name).asOptional().map(raw -> {
            try {
                return Long.parseLong(raw.strip());
            } catch (NumberFormatException e) {
                throw ValidationException.of(name, "must be an id");
            }
        }).orElse(null);
    }

    private static String upper(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node.asText().strip().toUpperCase(Locale.ROOT);
    }

    private static Long longOrNull(JsonNode body, String field, Violations v) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.canConvertToLong() || node.asLong() <= 0) {
            v.check(false, field, "must be an id or null");
            return null;
        }
        return node.asLong();
    }

    private static long messageId(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ValidationException.of("before", "must be a message id");
        }
    }

    /** The conversation as the caller may see it; 404 for another tenant's or, for a restricted agent, another's. */
    private ConversationRepository.Stored visible(Tx tx, Principal principal, long id) {
        return conversations.byId(tx, id, principal.userId(), visibility.restrictedAgent(tx, principal))
                .orElseThrow(() -> notFound(id));
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("No conversation with id " + id + ".");
    }
}
