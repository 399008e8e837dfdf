package io.parley.server.org;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.model.common.Page;
import io.parley.model.identity.ApiKey;
import io.parley.model.identity.ApiKeyRequest;
import io.parley.model.identity.Role;
import io.parley.server.auth.Access;
import io.parley.server.auth.Principal;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.error.ForbiddenException;
import io.parley.server.platform.error.NotFoundException;
import io.parley.server.platform.http.Json;
import io.parley.server.platform.http.PathIds;
import io.parley.server.platform.http.Violations;

import java.util.Map;

/**
 * {@code /api/v1/api-keys}: keys for integrations, usable as {@code Authorization: Bearer pk_…}.
 * The secret is in the create answer only. A key's role defaults to ADMIN and can never exceed the
 * creator's.
 */
public final class ApiKeyService implements HttpService {
    private final Database db;
    private final Json json;
    private final ApiKeyRepository apiKeys;
    private final AuditLog audit;

    public ApiKeyService(Database db, Json json, ApiKeyRepository apiKeys, AuditLog audit) {
        this.db = db;
        this.json = json;
        this.apiKeys = apiKeys;
        this.audit = audit;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", Access.atLeast(Role.ADMIN, this::list))
                .post("/", Access.atLeast(Role.ADMIN, this::create))
                .delete("/{id}", Access.atLeast(Role.ADMIN, this::delete));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        json.send(res, new Page<>(db.inOrg(principal.orgId(), apiKeys::list), null));
    }

    private void create(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        ApiKeyRequest body = json.read(req, ApiKeyRequest.class);
        new Violations().text("name", body.name(), 100).throwIfAny();
        Role role = body.role() == null ? Role.ADMIN : body.role();
        if (!principal.role().atLeast(role)) {
            throw new ForbiddenException("A key cannot have more rights than its creator (" + principal.role() + ").");
        }
        ApiKey key = db.inOrg(principal.orgId(), tx -> {
            ApiKey created = apiKeys.create(tx, body.name().strip(), role, principal.userId());
            audit.record(tx, principal, "api_key.created", "api_key", created.id(),
                    Map.of("name", created.name(), "role", role.name(), "prefix", created.prefix()));
            return created;
        });
        json.send(res, Status.CREATED_201, key);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "API key");
        boolean deleted = db.inOrg(principal.orgId(), tx -> apiKeys.byId(tx, id).map(key -> {
            apiKeys.delete(tx, id);
            audit.record(tx, principal, "api_key.deleted", "api_key", id,
                    Map.of("name", key.name(), "prefix", key.prefix()));
            return true;
        }).orElse(false));
        if (!deleted) {
            throw new NotFoundException("No API key with id " + id + ".");
        }
        Json.noContent(res);
    }
}
