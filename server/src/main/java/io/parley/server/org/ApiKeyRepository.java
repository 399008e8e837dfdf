package io.parley.server.org;

import io.helidon.dbclient.DbRow;
import io.parley.model.identity.ApiKey;
import io.parley.model.identity.Role;
import io.parley.server.platform.db.Rows;
import io.parley.server.platform.db.Tx;
import io.parley.server.platform.crypto.Tokens;

import java.util.List;
import java.util.Optional;

/** The {@code api_key} table. Only the SHA-256 of a key is stored; its first characters identify it. */
public final class ApiKeyRepository {
    public static final String KEY_PREFIX = "pk_";
    private static final String COLUMNS = "org_id, id, name, role, prefix, created_at, last_used_at";

    /** A key found by its secret: whose it is and what it may do. */
    public record Found(long orgId, long id, Role role) {
    }

    /** Creates a key; the returned record carries the secret, which is never readable again. */
    public ApiKey create(Tx tx, String name, Role role, Long createdBy) {
        String secret = Tokens.newSecret(KEY_PREFIX);
        ApiKey stored = Tx.one(tx.get("INSERT INTO api_key (org_id, name, role, prefix, key_hash, created_by)"
                        + " VALUES (:org, :name, :role, :prefix, :hash, :by) RETURNING " + COLUMNS)
                .addParam("org", tx.orgId())
                .addParam("name", name)
                .addParam("role", role.name())
                .addParam("prefix", secret.substring(0, KEY_PREFIX.length() + 6))
                .addParam("hash", Tokens.hash(secret))
                .addParam("by", createdBy), ApiKeyRepository::apiKey).orElseThrow();
        return new ApiKey(stored.id(), stored.name(), stored.role(), stored.prefix(), secret, stored.createdAt(), null);
    }

    /** In a lookup transaction: the key with this secret, if any. */
    public Optional<Found> findBySecret(Tx tx, String secret) {
        return Tx.one(tx.get("SELECT org_id, id, role FROM api_key WHERE key_hash = :hash")
                        .addParam("hash", Tokens.hash(secret)),
                row -> new Found(row.column("org_id").getLong(), row.column("id").getLong(),
                        Role.valueOf(row.column("role").getString())));
    }

    /** Notes use at most once a minute, so a busy integration does not write on every call. */
    public void touch(Tx tx, long id) {
        tx.dml("UPDATE api_key SET last_used_at = now() WHERE org_id = :org AND id = :id"
                        + " AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')")
                .addParam("org", tx.orgId())
                .addParam("id", id)
                .execute();
    }

    public List<ApiKey> list(Tx tx) {
        return Tx.list(tx.query("SELECT " + COLUMNS + " FROM api_key WHERE org_id = :org ORDER BY id")
                .addParam("org", tx.orgId()), ApiKeyRepository::apiKey);
    }

    public Optional<ApiKey> byId(Tx tx, long id) {
        return Tx.one(tx.get("SELECT " + COLUMNS + " FROM api_key WHERE org_id = :org AND id = :id")
                .addParam("org", tx.orgId())
                .addParam("id", id), ApiKeyRepository::apiKey);
    }

    public boolean delete(Tx tx, long id) {
        return tx.dml("DELETE FROM api_key WHERE org_id = :org AND id = :id")
                .addParam("org", tx.orgId())
                .addParam("id", id)
                .execute() == 1;
    }

    private static ApiKey apiKey(DbRow row) {
        return new ApiKey(row.column("id").getLong(), row.column("name").getString(),
                Role.valueOf(row.column("role").getString()), row.column("prefix").getString(), null,
                Rows.instant(row, "created_at"), Rows.instant(row, "last_used_at"));
    }
}
