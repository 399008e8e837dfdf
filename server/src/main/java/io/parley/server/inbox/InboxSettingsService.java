package io.parley.server.inbox;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.model.identity.Role;
import io.parley.server.auth.Access;
import io.parley.server.auth.Principal;
import io.parley.server.org.AuditLog;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.http.Json;
import io.parley.server.platform.http.Violations;

import java.util.Map;

/**
 * {@code /api/v1/inbox/settings}: auto-assignment on/off, the open-conversation limit per agent, and
 * whether AGENTs see every conversation or only those assigned to them or their teams.
 */
public final class InboxSettingsService implements HttpService {
    private final Database db;
    private final Json json;
    private final AutoAssignment assignment;
    private final AuditLog audit;

    public InboxSettingsService(Database db, Json json, AutoAssignment assignment, AuditLog audit) {
        this.db = db;
        this.json = json;
        this.assignment = assignment;
        this.audit = audit;
    }

    /** Partial update; null fields stay. */
    public record SettingsPatch(Boolean autoAssign, Integer maxOpenPerAgent, String agentScope) {
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/settings", Access.member(this::get))
                .patch("/settings", Access.atLeast(Role.ADMIN, this::update));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        json.send(res, db.inOrg(principal.orgId(), assignment::settings));
    }

    private void update(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        SettingsPatch body = json.read(req, SettingsPatch.class);
        new Violations().check(body.maxOpenPerAgent() == null || (body.maxOpenPerAgent() >= 1 && body.maxOpenPerAgent() <= 1000),
                "maxOpenPerAgent", "must be between 1 and 1000")
                .check(body.agentScope() == null || Visibility.ALL.equals(body.agentScope())
                        || Visibility.ASSIGNED_OR_TEAM.equals(body.agentScope()), "agentScope",
                        "must be ALL or ASSIGNED_OR_TEAM").throwIfAny();
        AutoAssignment.Settings updated = db.inOrg(principal.orgId(), tx -> {
            AutoAssignment.Settings current = assignment.settings(tx);
            AutoAssignment.Settings next = new AutoAssignment.Settings(
                    body.autoAssign() == null ? current.autoAssign() : body.autoAssign(),
                    body.maxOpenPerAgent() == null ? current.maxOpenPerAgent() : body.maxOpenPerAgent(),
                    body.agentScope() == null ? current.agentScope() : body.agentScope());
            assignment.update(tx, next);
            audit.record(tx, principal, "inbox.settings_changed", "org", principal.orgId(),
                    Map.of("autoAssign", next.autoAssign(), "maxOpenPerAgent", next.maxOpenPerAgent(),
                            "agentScope", next.agentScope()));
            return next;
        });
        json.send(res, updated);
    }
}
