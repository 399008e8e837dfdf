package io.parley.server.auth;

import io.parley.server.platform.crypto.Tokens;
import io.parley.server.platform.db.Rows;
import io.parley.server.platform.db.Tx;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Single-use password-reset tokens, stored hashed, valid for {@link #LIFETIME}. */
public final class PasswordResets {
    public static final Duration LIFETIME = Duration.ofHours(1);

    private final Clock clock;

    public PasswordResets(Clock clock) {
        this.clock = clock;
    }

    /** A usable reset: not used, not expired. */
    public record Usable(long orgId, long id, long userId) {
    }

    /** Creates a reset for the user and returns the secret token for the mail. */
    public String create(Tx tx, long userId) {
        String secret = Tokens.newSecret("prs_");
        tx.dml("INSERT INTO password_reset (org_id, user_id, token_hash, expires_at) VALUES (:org, :user, :hash, :expires)")
                .addParam("org", tx.orgId())
                .addParam("user", userId)
                .addParam("hash", Tokens.hash(secret))
                .addParam("expires", Rows.utc(clock.instant().plus(LIFETIME)))
                .execute();
        return secret;
    }

    /** In a lookup transaction keyed by the token's hash. */
    public Optional<Usable> findUsable(Tx tx, String secret) {
        return Tx.one(tx.get("SELECT org_id, id, user_id FROM password_reset"
                        + " WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now")
                        .addParam("hash", Tokens.hash(secret))
                        .addParam("now", Rows.utc(clock.instant())),
                row -> new Usable(row.column("org_id").getLong(), row.column("id").getLong(), row.column("user_id").getLong()));
    }

    /** Marks it used; false when another request used it first. */
    public boolean markUsed(Tx tx, long id) {
        return tx.dml("UPDATE password_reset SET used_at = now() WHERE org_id = :org AND id = :id AND used_at IS NULL")
                .addParam("org", tx.orgId())
                .addParam("id", id)
                .execute() == 1;
    }

    /** Any other open reset of the user stops working once one is used. */
    public void invalidateOthers(Tx tx, long userId) {
        tx.dml("UPDATE password_reset SET used_at = now() WHERE org_id = :org AND user_id = :user AND used_at IS NULL")
                .addParam("org", tx.orgId())
                .addParam("user", userId)
                .execute();
    }
}
