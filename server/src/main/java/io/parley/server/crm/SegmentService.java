package io.parley.server.crm;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.model.common.Page;
import io.parley.model.crm.CustomField;
import io.parley.model.crm.Segment;
import io.parley.model.crm.SegmentFilter;
import io.parley.model.identity.Role;
import io.parley.server.auth.Access;
import io.parley.server.auth.Principal;
import io.parley.server.platform.db.Constraints;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.Tx;
import io.parley.server.platform.error.NotFoundException;
import io.parley.server.platform.error.ValidationException;
import io.parley.server.platform.http.Json;
import io.parley.server.platform.http.PathIds;
import io.parley.server.platform.http.Violations;

import java.util.Map;
import java.util.function.Function;

/**
 * {@code /api/v1/segments}: saved contact filters with how many contacts each holds now. A filter is
 * checked (and compiled) when saved, so a saved segment always runs. Agents save segments; deleting
 * one is ADMIN+.
 */
public final class SegmentService implements HttpService {
    /** A segment as the client writes it. */
    public record SegmentRequest(String name, SegmentFilter filter) {
    }

    private final Database db;
    private final Json json;
    private final SegmentRepository segments;
    private final CustomFieldRepository fields;
    private final CrmContactRepository contacts;

    public SegmentService(Database db, Json json, SegmentRepository segments, CustomFieldRepository fields,
                          CrmContactRepository contacts) {
        this.db = db;
        this.json = json;
        this.segments = segments;
        this.fields = fields;
        this.contacts = contacts;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", Access.member(this::list))
                .post("/", Access.member(this::create))
                // Before /{id}: the condition builder's live count of a filter not saved yet.
                .post("/count", Access.member(this::count))
                .get("/{id}", Access.member(this::get))
                .patch("/{id}", Access.member(this::update))
                .delete("/{id}", Access.atLeast(Role.ADMIN, this::delete));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        json.send(res, new Page<>(db.inOrg(principal.orgId(), tx -> {
            Map<String, CustomField> byKey = fields.byKey(tx);
            return segments.list(tx).stream().map(s -> counted(tx, s, byKey)).toList();
        }), null));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "segment");
        json.send(res, db.inOrg(principal.orgId(), tx -> segments.byId(tx, id).map(s -> counted(tx, s, fields.byKey(tx))))
                .orElseThrow(() -> notFound(id)));
    }

    /** {@code {filter}} → {@code {contactCount}}: how many contacts a filter selects, nothing saved. */
    private void count(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        SegmentRequest body = json.read(req, SegmentRequest.class);
        new Violations().required("filter", body.filter()).throwIfAny();
        long count = db.inOrg(principal.orgId(), tx -> contacts.count(tx,
                SegmentCompiler.compile(body.filter(), fields.byKey(tx), "p", "filter")));
        json.send(res, Map.of("contactCount", count));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        SegmentRequest body = json.read(req, SegmentRequest.class);
        new Violations().text("name", body.name(), 100).required("filter", body.filter()).throwIfAny();
        Segment created = write(principal, tx -> {
            SegmentCompiler.compile(body.filter(), fields.byKey(tx), "p", "filter");
            long id = segments.insert(tx, body.name().strip(), body.filter());
            return counted(tx, segments.byId(tx, id).orElseThrow(), fields.byKey(tx));
        });
        json.send(res, Status.CREATED_201, created);
    }

    private void update(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "segment");
        SegmentRequest body = json.read(req, SegmentRequest.class);
        new Violations().optionalText("name", body.name(), 100).throwIfAny();
        Segment updated = write(principal, tx -> {
            segments.byId(tx, id).orElseThrow(() -> notFound(id));
            if (body.filter() != null) {
                SegmentCompiler.compile(body.filter(), fields.byKey(tx), "p", "filter");
            }
            segments.update(tx, id, body.name() == null ? null : body.name().strip(), body.filter());
            return counted(tx, segments.byId(tx, id).orElseThrow(), fields.byKey(tx));
        });
        json.send(res, updated);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "segment");
        if (!db.inOrg(principal.orgId(), tx -> segments.delete(tx, id))) {
            throw notFound(id);
        }
        Json.noContent(res);
    }

    /** With its count; a segment naming a custom field deleted since matches nobody until it is edited. */
    private Segment counted(Tx tx, SegmentRepository.Saved saved, Map<String, CustomField> byKey) {
        long count;
        try {
            count = contacts.count(tx, SegmentCompiler.compile(saved.filter(), byKey, "p", "filter"));
        } catch (ValidationException stale) {
            count = 0;
        }
        return new Segment(saved.id(), saved.name(), saved.filter(), count);
    }

    private Segment write(Principal principal, Function<Tx, Segment> work) {
        return Constraints.conflictOnDuplicate("segment_name_key", "A segment with this name already exists.",
                () -> db.inOrg(principal.orgId(), work));
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("No segment with id " + id + ".");
    }
}
