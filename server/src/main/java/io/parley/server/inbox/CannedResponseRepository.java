package io.parley.server.inbox;

import io.helidon.dbclient.DbRow;
import io.parley.server.platform.db.Tx;

import java.util.List;
import java.util.Optional;

/** The {@code canned_response} table: the team's saved answers, found by {@code /shortcut}. */
public final class CannedResponseRepository {

    public record Canned(long id, String shortcut, String text) {
    }

    public List<Canned> list(Tx tx, String shortcutPrefix) {
        return Tx.list(tx.query("SELECT id, shortcut, text FROM canned_response WHERE org_id = :org"
                        + " AND (CAST(:prefix AS text) IS NULL OR shortcut LIKE :prefix || '%') ORDER BY shortcut")
                .addParam("org", tx.orgId()).addParam("prefix", shortcutPrefix), CannedResponseRepository::canned);
    }

    public Optional<Canned> byId(Tx tx, long id) {
        return Tx.one(tx.get("SELECT id, shortcut, text FROM canned_response WHERE org_id = :org AND id = :id")
                .addParam("org", tx.orgId()).addParam("id", id), CannedResponseRepository::canned);
    }

    public long insert(Tx tx, String shortcut, String text, Long author) {
        return tx.get("INSERT INTO canned_response (org_id, shortcut, text, created_by) VALUES (:org, :shortcut, :text, :by)"
                        + " RETURNING id")
                .addParam("org", tx.orgId()).addParam("shortcut", shortcut).addParam("text", text).addParam("by", author)
                .execute().orElseThrow().column("id").getLong();
    }

    public void update(Tx tx, long id, String shortcut, String text) {
        tx.dml("UPDATE canned_response SET shortcut = :shortcut, text = :text, updated_at = now()"
                        + " WHERE org_id = :org AND id = :id")
                .addParam("shortcut", shortcut).addParam("text", text).addParam("org", tx.orgId()).addParam("id", id)
                .execute();
    }

    public boolean delete(Tx tx, long id) {
        return tx.dml("DELETE FROM canned_response WHERE org_id = :org AND id = :id")
                .addParam("org", tx.orgId()).addParam("id", id).execute() == 1;
    }

    private static Canned canned(DbRow row) {
        return new Canned(row.column("id").getLong(), row.column("shortcut").getString(), row.column("text").getString());
    }
}
