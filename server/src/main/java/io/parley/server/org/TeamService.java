package io.parley.server.org;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.model.common.Page;
import io.parley.model.identity.Role;
import io.parley.model.identity.Team;
import io.parley.model.identity.TeamRequest;
import io.parley.server.auth.Access;
import io.parley.server.auth.Principal;
import io.parley.server.platform.db.Constraints;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.Tx;
import io.parley.server.platform.error.ConflictException;
import io.parley.server.platform.error.NotFoundException;
import io.parley.server.platform.http.Json;
import io.parley.server.platform.http.PathIds;
import io.parley.server.platform.http.Violations;

import java.util.List;
import java.util.function.Function;

/** {@code /api/v1/teams}: groups of agents (conversations get routed to teams later). */
public final class TeamService implements HttpService {
    private final Database db;
    private final Json json;
    private final TeamRepository teams;
    private final UserRepository users;

    public TeamService(Database db, Json json, TeamRepository teams, UserRepository users) {
        this.db = db;
        this.json = json;
        this.teams = teams;
        this.users = users;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", Access.member(this::list))
                .post("/", Access.atLeast(Role.ADMIN, this::create))
                .get("/{id}", Access.member(this::get))
                .patch("/{id}", Access.atLeast(Role.ADMIN, this::update))
                .delete("/{id}", Access.atLeast(Role.ADMIN, this::delete));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        json.send(res, new Page<>(db.inOrg(principal.orgId(), teams::list), null));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "team");
        json.send(res, db.inOrg(principal.orgId(), tx -> teams.byId(tx, id)).orElseThrow(() -> notFound(id)));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        TeamRequest body = json.read(req, TeamRequest.class);
        new Violations().text("name", body.name(), 100).throwIfAny();
        Team team = write(principal, tx -> {
            long id = teams.insert(tx, body.name().strip());
            setMembers(tx, id, body.memberIds());
            return teams.byId(tx, id).orElseThrow();
        });
        json.send(res, Status.CREATED_201, team);
    }

    private void update(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "team");
        TeamRequest body = json.read(req, TeamRequest.class);
        new Violations().optionalText("name", body.name(), 100).throwIfAny();
        Team team = write(principal, tx -> {
            teams.byId(tx, id).orElseThrow(() -> notFound(id));
            if (body.name() != null) {
                teams.rename(tx, id, body.name().strip());
            }
            setMembers(tx, id, body.memberIds());
            return teams.byId(tx, id).orElseThrow();
        });
        json.send(res, team);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "team");
        if (!db.inOrg(principal.orgId(), tx -> teams.delete(tx, id))) {
            throw notFound(id);
        }
        Json.noContent(res);
    }

    private void setMembers(Tx tx, long teamId, List<Long> memberIds) {
        if (memberIds == null) {
            return;
        }
        List<Long> unknown = users.unknownIds(tx, memberIds);
        Violations violations = new Violations();
        unknown.forEach(userId -> violations.check(false, "memberIds", "user " + userId + " is not a member of this organisation"));
        violations.throwIfAny();
        teams.replaceMembers(tx, teamId, memberIds);
    }

    private Team write(Principal principal, Function<Tx, Team> work) {
        try {
            return db.inOrg(principal.orgId(), work);
        } catch (RuntimeException e) {
            if (Constraints.isUniqueViolation(e, "team_name_key")) {
                throw new ConflictException("A team with this name already exists.");
            }
            throw e;
        }
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("No team with id " + id + ".");
    }
}
