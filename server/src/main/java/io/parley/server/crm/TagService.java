package io.parley.server.crm;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.model.common.Page;
import io.parley.model.crm.Tag;
import io.parley.model.identity.Role;
import io.parley.server.auth.Access;
import io.parley.server.auth.Principal;
import io.parley.server.platform.db.Constraints;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.error.NotFoundException;
import io.parley.server.platform.http.Json;
import io.parley.server.platform.http.PathIds;
import io.parley.server.platform.http.Violations;

import java.util.Locale;

/** {@code /api/v1/tags}: the organisation's tags with how many contacts carry each. Deleting one is ADMIN+. */
public final class TagService implements HttpService {
    /** A tag as the client writes it; {@code color} is {@code #rrggbb}, or null for the next of the palette. */
    public record TagRequest(String name, String color) {
    }

    private final Database db;
    private final Json json;
    private final TagRepository tags;

    public TagService(Database db, Json json, TagRepository tags) {
        this.db = db;
        this.json = json;
        this.tags = tags;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", Access.member(this::list))
                .post("/", Access.member(this::create))
                .delete("/{id}", Access.atLeast(Role.ADMIN, this::delete));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        json.send(res, new Page<>(db.inOrg(principal.orgId(), tags::list), null));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        TagRequest body = json.read(req, TagRequest.class);
        String color = body.color() == null ? null : body.color().strip().toLowerCase(Locale.ROOT);
        new Violations().text("name", body.name(), 50)
                .check(color == null || color.matches("#[0-9a-f]{6}"), "color", "must be a colour as #rrggbb")
                .throwIfAny();
        Tag tag = Constraints.conflictOnDuplicate("tag_name_key", "A tag with this name already exists.", () ->
                db.inOrg(principal.orgId(), tx -> tags.byId(tx, tags.insert(tx, body.name().strip(), color)).orElseThrow()));
        json.send(res, Status.CREATED_201, tag);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "tag");
        if (!db.inOrg(principal.orgId(), tx -> tags.delete(tx, id))) {
            throw new NotFoundException("No tag with id " + id + ".");
        }
        Json.noContent(res);
    }
}
