package io.parley.server.inbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.model.common.Page;
import io.parley.model.identity.Role;
import io.parley.server.auth.Access;
import io.parley.server.auth.Principal;
import io.parley.server.org.OrgRepository;
import io.parley.server.org.UserRepository;
import io.parley.server.platform.db.Constraints;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.Tx;
import io.parley.server.platform.error.ConflictException;
import io.parley.server.platform.error.NotFoundException;
import io.parley.server.platform.error.ValidationException;
import io.parley.server.platform.http.Json;
import io.parley.server.platform.http.PathIds;
import io.parley.server.platform.http.Violations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /api/v1/canned-responses}: saved answers with {@code {{contact.name}}}-style variables
 * ({@code contact.name}, {@code contact.phone}, {@code agent.name}, {@code org.name}). With
 * {@code ?conversationId=} each comes back rendered for that conversation; {@code ?q=} filters by
 * shortcut prefix, which is what typing {@code /ret…} in the composer does.
 */
public final class CannedResponseService implements HttpService {
    private static final Pattern SHORTCUT = Pattern.compile("[a-z0-9_-]{1,32}");
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([a-z]+\\.[a-z]+)\\s*}}");

    private final Database db;
    private final Json json;
    private final CannedResponseRepository canned;
    private final ConversationRepository conversations;
    private final UserRepository users;
    private final OrgRepository orgs;

    public CannedResponseService(Database db, Json json, CannedResponseRepository canned,
                                 ConversationRepository conversations, UserRepository users, OrgRepository orgs) {
        this.db = db;
        this.json = json;
        this.canned = canned;
        this.conversations = conversations;
        this.users = users;
        this.orgs = orgs;
    }

    /** A canned response; {@code rendered} only when asked for a conversation. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CannedResponse(long id, String shortcut, String text, String rendered) {
    }

    public record CannedRequest(String shortcut, String text) {
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", Access.member(this::list))
                .post("/", Access.atLeast(Role.SUPERVISOR, this::create))
                .patch("/{id}", Access.atLeast(Role.SUPERVISOR, this::update))
                .delete("/{id}", Access.atLeast(Role.SUPERVISOR, this::delete));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        String prefix = req.query().first("q").asOptional().map(q -> q.strip().replaceFirst("^/", "")
                .toLowerCase(Locale.ROOT)).filter(q -> !q.isEmpty()).orElse(null);
        Long conversationId = req.query().first("conversationId").asOptional().map(raw -> {
            try {
                return Long.parseLong(raw);
            } catch (NumberFormatException e) {
                throw ValidationException.of("conversationId", "must be a conversation id");
            }
        }).orElse(null);
        List<CannedResponse> items = db.inOrg(principal.orgId(), tx -> {
            Map<String, String> variables = conversationId == null ? null : variables(tx, conversationId, principal);
            return canned.list(tx, prefix).stream().map(c -> new CannedResponse(c.id(), c.shortcut(), c.text(),
                    variables == null ? null : render(c.text(), variables))).toList();
        });
        json.send(res, new Page<>(items, null));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        CannedRequest body = json.read(req, CannedRequest.class);
        validate(body.shortcut(), body.text());
        CannedResponse created = uniqueShortcut(() -> db.inOrg(principal.orgId(), tx -> {
            long id = canned.insert(tx, body.shortcut().strip(), body.text().strip(), principal.userId());
            return new CannedResponse(id, body.shortcut().strip(), body.text().strip(), null);
        }));
        json.send(res, Status.CREATED_201, created);
    }

    private void update(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "canned response");
        CannedRequest body = json.read(req, CannedRequest.class);
        CannedResponse updated = uniqueShortcut(() -> db.inOrg(principal.orgId(), tx -> {
            CannedResponseRepository.Canned current = canned.byId(tx, id).orElseThrow(() -> notFound(id));
            String shortcut = body.shortcut() == null ? current.shortcut() : body.shortcut().strip();
            String text = body.text() == null ? current.text() : body.text().strip();
            validate(shortcut, text);
            canned.update(tx, id, shortcut, text);
            return new CannedResponse(id, shortcut, text, null);
        }));
        json.send(res, updated);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "canned response");
        if (!db.inOrg(principal.orgId(), tx -> canned.delete(tx, id))) {
            throw notFound(id);
        }
        Json.noContent(res);
    }

    private Map<String, String> variables(Tx tx, long conversationId, Principal principal) {
        ConversationRepository.Stored conversation = conversations.byId(tx, conversationId)
                .orElseThrow(() -> new NotFoundException("No conversation with id " + conversationId + "."));
        Map<String, String> values = new LinkedHashMap<>();
        values.put("contact.name", conversation.view().contact().name());
        values.put("contact.phone", conversation.view().contact().phone());
        values.put("org.name", orgs.current(tx).map(o -> o.name()).orElse(null));
        values.put("agent.name", principal.isUser()
                ? users.byId(tx, principal.userId()).map(a -> a.user().name()).orElse(null) : null);
        return values;
    }

    /** Fills known variables; an unknown one, or one without a value, is left for the agent to see and fix. */
    static String render(String text, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static void validate(String shortcut, String text) {
        new Violations()
                .check(shortcut != null && SHORTCUT.matcher(shortcut.strip()).matches(), "shortcut",
                        "must be 1 to 32 lower-case letters, digits, - or _")
                .text("text", text, 4096)
                .throwIfAny();
    }

    private static CannedResponse uniqueShortcut(Supplier<CannedResponse> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (Constraints.isUniqueViolation(e, "canned_response_org_id_shortcut_key")) {
                throw new ConflictException("A canned response with this shortcut already exists.");
            }
            throw e;
        }
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("No canned response with id " + id + ".");
    }
}
