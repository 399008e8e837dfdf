package io.parley.server.inbox;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.model.common.Page;
import io.parley.model.inbox.Conversation;
import io.parley.model.inbox.Message;
import io.parley.server.auth.Access;
import io.parley.server.auth.Principal;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.error.NotFoundException;
import io.parley.server.platform.error.ValidationException;
import io.parley.server.platform.http.Json;
import io.parley.server.platform.http.Paging;
import io.parley.server.platform.http.PathIds;

import java.util.List;

/**
 * {@code /api/v1/conversations}: reading conversations and their messages. (Filters, assignment and
 * the rest of the inbox come with the inbox issue; sending lives in {@link OutboundService}.)
 */
public final class ConversationService implements HttpService {
    private final Database db;
    private final Json json;
    private final ConversationRepository conversations;
    private final MessageRepository messages;

    public ConversationService(Database db, Json json, ConversationRepository conversations, MessageRepository messages) {
        this.db = db;
        this.json = json;
        this.conversations = conversations;
        this.messages = messages;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", Access.member(this::list))
                .get("/{id}", Access.member(this::get))
                .get("/{id}/messages", Access.member(this::messages));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        Paging paging = Paging.from(req);
        json.send(res, paging.page(db.inOrg(principal.orgId(), tx -> conversations.page(tx, paging)), Conversation::id));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "conversation");
        json.send(res, db.inOrg(principal.orgId(), tx -> conversations.byId(tx, id))
                .map(ConversationRepository.Stored::view).orElseThrow(() -> notFound(id)));
    }

    /** Oldest to newest; {@code ?before=<message id>} pages back in time; {@code nextCursor} is the id to pass next. */
    private void messages(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "conversation");
        Paging paging = Paging.from(req);
        Long before = req.query().first("before").map(ConversationService::messageId).orElse(null);
        List<Message> page = db.inOrg(principal.orgId(), tx -> {
            conversations.byId(tx, id).orElseThrow(() -> notFound(id));
            return messages.page(tx, id, before, paging.fetchSize());
        });
        boolean more = page.size() > paging.limit();
        List<Message> items = more ? page.subList(1, page.size()) : page;
        json.send(res, new Page<>(items, more ? Long.toString(items.getFirst().id()) : null));
    }

    private static long messageId(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ValidationException.of("before", "must be a message id");
        }
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("No conversation with id " + id + ".");
    }
}
