package io.parley.server.crm;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.model.common.Page;
import io.parley.model.crm.Stage;
import io.parley.model.identity.Role;
import io.parley.server.auth.Access;
import io.parley.server.auth.Principal;
import io.parley.server.platform.db.Constraints;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.Tx;
import io.parley.server.platform.error.ConflictException;
import io.parley.server.platform.error.NotFoundException;
import io.parley.server.platform.error.ValidationException;
import io.parley.server.platform.http.Json;
import io.parley.server.platform.http.PathIds;
import io.parley.server.platform.http.Violations;

import java.util.Set;
import java.util.function.Function;

/**
 * {@code /api/v1/stages}: the pipeline's columns in order. Everyone reads them; ADMIN+ adds,
 * renames, reorders and deletes (a stage holding contacts only with {@code ?moveTo=} another stage).
 */
public final class StageService implements HttpService {
    private static final Set<String> KINDS = Set.of("OPEN", "WON", "LOST");

    /** A stage as the client writes it; {@code position} 0 is first. */
    public record StageRequest(String name, String kind, Integer position) {
    }

    private final Database db;
    private final Json json;
    private final StageRepository stages;

    private final ContactFilters filters;

    StageService(Database db, Json json, StageRepository stages, ContactFilters filters) {
        this.db = db;
        this.json = json;
        this.stages = stages;
        this.filters = filters;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", Access.member(this::list))
                .post("/", Access.atLeast(Role.ADMIN, this::create))
                .get("/{id}", Access.member(this::get))
                .patch("/{id}", Access.atLeast(Role.ADMIN, this::update))
                .delete("/{id}", Access.atLeast(Role.ADMIN, this::delete));
    }

    /** With the contact list's filters (ownerId, tag, segmentId, …) the counts are of the contacts they select. */
    private void list(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        boolean filtered = !req.query().isEmpty();
        json.send(res, new Page<>(db.inOrg(principal.orgId(), tx -> filtered ? stages.list(tx, filters.from(tx, req))
                : stages.list(tx)), null));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "stage");
        json.send(res, db.inOrg(principal.orgId(), tx -> stages.byId(tx, id)).orElseThrow(() -> notFound(id)));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        StageRequest body = json.read(req, StageRequest.class);
        String kind = body.kind() == null ? "OPEN" : body.kind();
        validate(body, kind, true);
        Stage stage = write(principal, tx -> {
            long id = stages.insert(tx, body.name().strip(), kind);
            if (body.position() != null) {
                stages.move(tx, id, body.position());
            }
            return stages.byId(tx, id).orElseThrow();
        });
        json.send(res, Status.CREATED_201, stage);
    }

    private void update(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "stage");
        StageRequest body = json.read(req, StageRequest.class);
        validate(body, body.kind(), false);
        Stage stage = write(principal, tx -> {
            stages.byId(tx, id).orElseThrow(() -> notFound(id));
            stages.update(tx, id, body.name() == null ? null : body.name().strip(), body.kind());
            if (body.position() != null) {
                stages.move(tx, id, body.position());
            }
            return stages.byId(tx, id).orElseThrow();
        });
        json.send(res, stage);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "stage");
        Long moveTo = req.query().first("moveTo").map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw ValidationException.of("moveTo", "must be a stage id");
            }
        }).orElse(null);
        db.inOrg(principal.orgId(), tx -> {
            Stage stage = stages.byId(tx, id).orElseThrow(() -> notFound(id));
            if (moveTo != null && (moveTo == id || stages.byId(tx, moveTo).isEmpty())) {
                throw ValidationException.of("moveTo", "must be another stage of this pipeline");
            }
            if (stage.contactCount() > 0 && moveTo == null) {
                throw new ConflictException("The stage " + stage.name() + " holds " + stage.contactCount()
                        + " contacts: say where they go with ?moveTo=<stage id>.");
            }
            return stages.delete(tx, id, moveTo);
        });
        Json.noContent(res);
    }

    private static void validate(StageRequest body, String kind, boolean creating) {
        Violations violations = creating ? new Violations().text("name", body.name(), 60)
                : new Violations().optionalText("name", body.name(), 60);
        violations.check(kind == null || KINDS.contains(kind), "kind", "must be OPEN, WON or LOST")
                .check(body.position() == null || body.position() >= 0, "position", "must be 0 or more")
                .throwIfAny();
    }

    private Stage write(Principal principal, Function<Tx, Stage> work) {
        return Constraints.conflictOnDuplicate("stage_name_key", "A stage with this name already exists.",
                () -> db.inOrg(principal.orgId(), work));
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("No stage with id " + id + ".");
    }
}
