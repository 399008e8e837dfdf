package io.parley.server.auth;

import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.Rows;
import io.parley.server.platform.error.TooManyRequestsException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * At most {@value #MAX_FAILURES} failed sign-ins per email in a sliding {@link #WINDOW}; past that,
 * 429 with {@code Retry-After} until the oldest failure leaves the window. Kept in the database so
 * that every server instance counts the same failures.
 */
public final class LoginThrottle {
    static final int MAX_FAILURES = 10;
    static final Duration WINDOW = Duration.ofMinutes(15);

    private final Database db;
    private final Clock clock;

    public LoginThrottle(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public void checkAllowed(String email) {
        Instant now = clock.instant();
        var row = db.global(tx -> tx.get("SELECT count(*) AS n, min(failed_at) AS oldest FROM ("
                        + " SELECT failed_at FROM login_failure WHERE email = :email AND failed_at > :since"
                        + " ORDER BY failed_at DESC LIMIT :max) recent")
                .addParam("email", email)
                .addParam("since", Rows.utc(now.minus(WINDOW)))
                .addParam("max", MAX_FAILURES)
                .execute().orElseThrow());
        if (row.column("n").getLong() >= MAX_FAILURES) {
            Instant oldest = Rows.instant(row, "oldest");
            throw new TooManyRequestsException("Too many failed sign-ins for this email. Try again later.",
                    Duration.between(now, oldest.plus(WINDOW)));
        }
    }

    public void recordFailure(String email) {
        Instant now = clock.instant();
        db.global(tx -> {
            tx.dml("INSERT INTO login_failure (email, failed_at) VALUES (:email, :at)")
                    .addParam("email", email)
                    .addParam("at", Rows.utc(now))
                    .execute();
            // Old rows carry no information any more; trimming here keeps the table small without a job.
            return tx.dml("DELETE FROM login_failure WHERE email = :email AND failed_at < :before")
                    .addParam("email", email)
                    .addParam("before", Rows.utc(now.minus(WINDOW)))
                    .execute();
        });
    }

    public void recordSuccess(String email) {
        db.global(tx -> tx.dml("DELETE FROM login_failure WHERE email = :email").addParam("email", email).execute());
    }
}
