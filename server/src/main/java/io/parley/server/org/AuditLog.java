package io.parley.server.org;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.dbclient.DbRow;
import io.parley.model.identity.AuditEntry;
import io.parley.server.auth.Principal;
import io.parley.server.platform.db.Rows;
import io.parley.server.platform.db.Tx;
import io.parley.server.platform.http.Paging;

import java.util.List;
import java.util.Map;

/** Append-only record of administrative actions, written in the same transaction as the action. */
public final class AuditLog {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    public AuditLog(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void record(Tx tx, Principal actor, String action, String targetType, Object targetId, Map<String, ?> details) {
        tx.dml("INSERT INTO audit_log (org_id, actor_user_id, actor_api_key_id, action, target_type, target_id, details)"
                        + " VALUES (:org, :user, :key, :action, :type, :target, CAST(:details AS jsonb))")
                .addParam("org", tx.orgId())
                .addParam("user", actor == null ? null : actor.userId())
                .addParam("key", actor == null ? null : actor.apiKeyId())
                .addParam("action", action)
                .addParam("type", targetType)
                .addParam("target", targetId == null ? null : targetId.toString())
                .addParam("details", json(details))
                .execute();
    }

    /** Newest first. */
    public List<AuditEntry> page(Tx tx, Paging paging) {
        return Tx.list(tx.query("SELECT id, actor_user_id, actor_api_key_id, action, target_type, target_id,"
                        + " CAST(details AS text) AS details, created_at FROM audit_log"
                        + " WHERE org_id = :org AND id < :before ORDER BY id DESC LIMIT :limit")
                .addParam("org", tx.orgId())
                .addParam("before", paging.after() == null ? Long.MAX_VALUE : paging.after())
                .addParam("limit", paging.fetchSize()), this::entry);
    }

    private AuditEntry entry(DbRow row) {
        return new AuditEntry(row.column("id").getLong(), Rows.longOrNull(row, "actor_user_id"),
                Rows.longOrNull(row, "actor_api_key_id"), row.column("action").getString(),
                Rows.string(row, "target_type"), Rows.string(row, "target_id"),
                parse(row.column("details").getString()), Rows.instant(row, "created_at"));
    }

    private String json(Map<String, ?> details) {
        try {
            return mapper.writeValueAsString(details == null ? Map.of() : details);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Audit details are not serialisable", e);
        }
    }

    private Map<String, Object> parse(String json) {
        try {
            return mapper.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored audit details are not JSON", e);
        }
    }
}
