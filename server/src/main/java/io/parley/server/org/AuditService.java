package io.parley.server.org;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.model.identity.AuditEntry;
import io.parley.model.identity.Role;
import io.parley.server.auth.Access;
import io.parley.server.auth.Principal;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.http.Json;
import io.parley.server.platform.http.Paging;

/** {@code GET /api/v1/audit}: the organisation's audit log, newest first (ADMIN+). */
public final class AuditService implements HttpService {
    private final Database db;
    private final Json json;
    private final AuditLog audit;

    public AuditService(Database db, Json json, AuditLog audit) {
        this.db = db;
        this.json = json;
        this.audit = audit;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", Access.atLeast(Role.ADMIN, this::list));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        Paging paging = Paging.from(req);
        json.send(res, paging.page(db.inOrg(principal.orgId(), tx -> audit.page(tx, paging)), AuditEntry::id));
    }
}
