package io.parley.server.org;

import io.helidon.dbclient.DbRow;
import io.parley.model.identity.Invitation;
import io.parley.model.identity.Role;
import io.parley.server.platform.crypto.Tokens;
import io.parley.server.platform.db.Rows;
import io.parley.server.platform.db.Tx;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code invitation} table. Tokens are stored hashed; an invitation is used at most once. */
public final class InvitationRepository {
    private static final String COLUMNS = "org_id, id, email, role, expires_at, created_at";

    /** An open invitation found by its token. */
    public record Open(long orgId, long id, String email, Role role) {
    }

    /** Inserts an invitation and returns it with its secret token. */
    public Invitation create(Tx tx, String email, Role role, Long invitedBy, Instant expiresAt) {
        String secret = Tokens.newSecret("inv_");
        Invitation stored = Tx.one(tx.get("INSERT INTO invitation (org_id, email, role, token_hash, invited_by, expires_at)"
                        + " VALUES (:org, :email, :role, :hash, :by, :expires) RETURNING " + COLUMNS)
                .addParam("org", tx.orgId())
                .addParam("email", email)
                .addParam("role", role.name())
                .addParam("hash", Tokens.hash(secret))
                .addParam("by", invitedBy)
                .addParam("expires", Rows.utc(expiresAt)), InvitationRepository::invitation).orElseThrow();
        return new Invitation(stored.id(), stored.email(), stored.role(), secret, stored.expiresAt(), stored.createdAt());
    }

    /** Earlier open invitations of the same email stop working when a new one is sent. */
    public void revokeOpenFor(Tx tx, String email) {
        tx.dml("UPDATE invitation SET revoked_at = now() WHERE org_id = :org AND email = :email"
                        + " AND accepted_at IS NULL AND revoked_at IS NULL")
                .addParam("org", tx.orgId())
                .addParam("email", email)
                .execute();
    }

    public List<Invitation> listOpen(Tx tx, Instant now) {
        return Tx.list(tx.query("SELECT " + COLUMNS + " FROM invitation WHERE org_id = :org"
                        + " AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > :now ORDER BY id")
                .addParam("org", tx.orgId())
                .addParam("now", Rows.utc(now)), InvitationRepository::invitation);
    }

    public boolean revoke(Tx tx, long id) {
        return tx.dml("UPDATE invitation SET revoked_at = now() WHERE org_id = :org AND id = :id"
                        + " AND accepted_at IS NULL AND revoked_at IS NULL")
                .addParam("org", tx.orgId())
                .addParam("id", id)
                .execute() == 1;
    }

    /** In a lookup transaction keyed by the token hash: the invitation if it can still be accepted. */
    public Optional<Open> findOpen(Tx tx, String secret, Instant now) {
        return Tx.one(tx.get("SELECT org_id, id, email, role FROM invitation WHERE token_hash = :hash"
                        + " AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > :now")
                        .addParam("hash", Tokens.hash(secret))
                        .addParam("now", Rows.utc(now)),
                row -> new Open(row.column("org_id").getLong(), row.column("id").getLong(),
                        row.column("email").getString(), Role.valueOf(row.column("role").getString())));
    }

    /** False when a concurrent request accepted it first. */
    public boolean markAccepted(Tx tx, long id) {
        return tx.dml("UPDATE invitation SET accepted_at = now() WHERE org_id = :org AND id = :id AND accepted_at IS NULL")
                .addParam("org", tx.orgId())
                .addParam("id", id)
                .execute() == 1;
    }

    private static Invitation invitation(DbRow row) {
        return new Invitation(row.column("id").getLong(), row.column("email").getString(),
                Role.valueOf(row.column("role").getString()), null, Rows.instant(row, "expires_at"),
                Rows.instant(row, "created_at"));
    }
}
