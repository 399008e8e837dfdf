package io.parley.server.org;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.model.identity.Role;
import io.parley.model.identity.User;
import io.parley.model.identity.UserPatch;
import io.parley.server.auth.Access;
import io.parley.server.auth.Principal;
import io.parley.server.auth.RefreshTokens;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.error.ForbiddenException;
import io.parley.server.platform.error.NotFoundException;
import io.parley.server.platform.error.RuleViolationException;
import io.parley.server.platform.http.Json;
import io.parley.server.platform.http.Paging;
import io.parley.server.platform.http.PathIds;
import io.parley.server.platform.http.Violations;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/v1/users}: members of the caller's organisation. Users join by invitation, so there is
 * no create here. Changing a role or deactivating needs ADMIN; touching an OWNER (or making one)
 * needs OWNER; the organisation always keeps at least one active OWNER.
 */
public final class UserService implements HttpService {
    private final Database db;
    private final Json json;
    private final OrgRepository orgs;
    private final UserRepository users;
    private final RefreshTokens refreshTokens;
    private final AuditLog audit;

    public UserService(Database db, Json json, OrgRepository orgs, UserRepository users, RefreshTokens refreshTokens,
                       AuditLog audit) {
        this.db = db;
        this.json = json;
        this.orgs = orgs;
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.audit = audit;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", Access.member(this::list))
                .get("/{id}", Access.member(this::get))
                .patch("/{id}", Access.atLeast(Role.ADMIN, this::patch));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        Paging paging = Paging.from(req);
        json.send(res, paging.page(db.inOrg(principal.orgId(), tx -> users.page(tx, paging)), User::id));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "user");
        User user = db.inOrg(principal.orgId(), tx -> users.byId(tx, id)).map(UserRepository.Account::user)
                .orElseThrow(() -> notFound(id));
        json.send(res, user);
    }

    private void patch(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "user");
        UserPatch patch = json.read(req, UserPatch.class);
        new Violations().optionalText("name", patch.name(), 200).throwIfAny();
        User updated = db.inOrg(principal.orgId(), tx -> {
            orgs.lock(tx);
            User current = users.byId(tx, id).map(UserRepository.Account::user).orElseThrow(() -> notFound(id));
            Role role = patch.role() == null ? current.role() : patch.role();
            boolean active = patch.active() == null ? current.active() : patch.active();
            String name = patch.name() == null ? current.name() : patch.name().strip();
            boolean ownerInvolved = current.role() == Role.OWNER || role == Role.OWNER;
            boolean ownershipChanges = role != current.role() || active != current.active();
            if (ownerInvolved && ownershipChanges && principal.role() != Role.OWNER) {
                throw new ForbiddenException("Only an OWNER can change an owner or make someone an owner.");
            }
            boolean losesOwner = current.role() == Role.OWNER && current.active() && (role != Role.OWNER || !active);
            if (losesOwner && users.countActiveOwners(tx) <= 1) {
                throw new RuleViolationException("The organisation must keep at least one active OWNER:"
                        + " make someone else an owner first.");
            }
            User user = users.update(tx, id, role, active, name);
            if (role != current.role()) {
                audit.record(tx, principal, "user.role_changed", "user", id,
                        Map.of("from", current.role().name(), "to", role.name()));
            }
            if (active != current.active()) {
                audit.record(tx, principal, active ? "user.reactivated" : "user.deactivated", "user", id, Map.of());
                if (!active) {
                    refreshTokens.revokeAllOfUser(tx, id);
                }
            }
            if (!name.equals(current.name())) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("from", current.name());
                details.put("to", name);
                audit.record(tx, principal, "user.renamed", "user", id, details);
            }
            return user;
        });
        json.send(res, updated);
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("No user with id " + id + ".");
    }
}
