package io.parley.server.auth;

import io.helidon.dbclient.DbRow;
import io.parley.server.platform.db.Rows;
import io.parley.server.platform.db.Tx;
import io.parley.server.platform.crypto.Tokens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Rotating refresh tokens, stored hashed. Each sign-in starts a family; each refresh revokes the
 * token used and issues its successor in the same family. A revoked token presented again means it
 * was copied: the whole family is revoked, which signs out both the thief and the victim.
 */
public final class RefreshTokens {
    public static final Duration LIFETIME = Duration.ofDays(30);
    private static final String PREFIX = "prt_";

    private final Clock clock;

    public RefreshTokens(Clock clock) {
        this.clock = clock;
    }

    /** A stored refresh token; the secret itself is never stored. */
    public record Stored(long orgId, long id, long userId, UUID familyId, Instant expiresAt, Instant revokedAt) {
    }

    /** Issues a token in a new family (sign-in) or in {@code family} (rotation); returns the secret. */
    public String issue(Tx tx, long userId, UUID family) {
        String secret = Tokens.newSecret(PREFIX);
        tx.dml("INSERT INTO refresh_token (org_id, user_id, family_id, token_hash, expires_at)"
                        + " VALUES (:org, :user, CAST(:family AS uuid), :hash, :expires)")
                .addParam("org", tx.orgId())
                .addParam("user", userId)
                .addParam("family", family == null ? UUID.randomUUID() : family)
                .addParam("hash", Tokens.hash(secret))
                .addParam("expires", Rows.utc(clock.instant().plus(LIFETIME)))
                .execute();
        return secret;
    }

    /** Finds a token by its secret, in a lookup transaction. */
    public Optional<Stored> find(Tx tx, String secret) {
        return Tx.one(tx.get("SELECT org_id, id, user_id, family_id, expires_at, revoked_at FROM refresh_token"
                + " WHERE token_hash = :hash").addParam("hash", Tokens.hash(secret)), RefreshTokens::stored);
    }

    /** Revokes one token; false when it was already revoked (a concurrent refresh won the race). */
    public boolean revoke(Tx tx, long id) {
        return tx.dml("UPDATE refresh_token SET revoked_at = now() WHERE org_id = :org AND id = :id AND revoked_at IS NULL")
                .addParam("org", tx.orgId())
                .addParam("id", id)
                .execute() == 1;
    }

    public void revokeFamily(Tx tx, UUID family) {
        tx.dml("UPDATE refresh_token SET revoked_at = now() WHERE org_id = :org AND family_id = CAST(:family AS uuid) AND revoked_at IS NULL")
                .addParam("org", tx.orgId())
                .addParam("family", family)
                .execute();
    }

    public void revokeAllOfUser(Tx tx, long userId) {
        tx.dml("UPDATE refresh_token SET revoked_at = now() WHERE org_id = :org AND user_id = :user AND revoked_at IS NULL")
                .addParam("org", tx.orgId())
                .addParam("user", userId)
                .execute();
    }

    public boolean isExpired(Stored token) {
        return !token.expiresAt().isAfter(clock.instant());
    }

    private static Stored stored(DbRow row) {
        return new Stored(row.column("org_id").getLong(), row.column("id").getLong(), row.column("user_id").getLong(),
                row.column("family_id").get(UUID.class), Rows.instant(row, "expires_at"), Rows.instant(row, "revoked_at"));
    }
}
