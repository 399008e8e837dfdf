package io.parley.server.auth;

import io.parley.server.platform.db.Database;
import io.parley.server.platform.db.Rows;
import io.parley.server.platform.error.TooManyRequestsException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Password-reset requests are limited per email ({@value #PER_EMAIL} an hour: nobody's mailbox is
 * flooded) and per client address ({@value #PER_CLIENT} an hour: nobody walks a list of addresses).
 * Requests count whether or not an account has the email, so the limit tells nothing about who has
 * one. Kept in the database so that every server instance counts the same requests.
 */
public final class ResetThrottle {
    static final int PER_EMAIL = 3;
    static final int PER_CLIENT = 20;
    static final Duration WINDOW = Duration.ofHours(1);

    private final Database db;
    private final Clock clock;

    public ResetThrottle(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Counts this request, or refuses it with 429 and when to try again if either limit is reached. */
    public void admit(String email, String client) {
        Instant now = clock.instant();
        Instant since = now.minus(WINDOW);
        db.global(tx -> {
            var row = tx.get("SELECT"
                            + " (SELECT count(*) FROM reset_request WHERE email = :email AND requested_at > :since) AS by_email,"
                            + " (SELECT min(requested_at) FROM (SELECT requested_at FROM reset_request WHERE email = :email"
                            + "   AND requested_at > :since ORDER BY requested_at DESC LIMIT :perEmail) e) AS email_oldest,"
                            + " (SELECT count(*) FROM reset_request WHERE client = :client AND requested_at > :since) AS by_client,"
                            + " (SELECT min(requested_at) FROM (SELECT requested_at FROM reset_request WHERE client = :client"
                            + "   AND requested_at > :since ORDER BY requested_at DESC LIMIT :perClient) c) AS client_oldest")
                    .addParam("email", email)
                    .addParam("client", client)
                    .addParam("since", Rows.utc(since))
                    .addParam("perEmail", PER_EMAIL)
                    .addParam("perClient", PER_CLIENT)
                    .execute().orElseThrow();
            Instant retryFrom = null;
            if (row.column("by_email").getLong() >= PER_EMAIL) {
                retryFrom = Rows.instant(row, "email_oldest").plus(WINDOW);
            }
            if (row.column("by_client").getLong() >= PER_CLIENT) {
                Instant clientRetry = Rows.instant(row, "client_oldest").plus(WINDOW);
                retryFrom = retryFrom == null || clientRetry.isAfter(retryFrom) ? clientRetry : retryFrom;
            }
            if (retryFrom != null) {
                throw new TooManyRequestsException("Too many password-reset requests. Try again later.",
                        Duration.between(now, retryFrom));
            }
            tx.dml("INSERT INTO reset_request (email, client, requested_at) VALUES (:email, :client, :at)")
                    .addParam("email", email)
                    .addParam("client", client)
                    .addParam("at", Rows.utc(now))
                    .execute();
            // Old rows carry no information any more; trimming here keeps the table small without a job.
            return tx.dml("DELETE FROM reset_request WHERE requested_at < :before AND (email = :email OR client = :client)")
                    .addParam("before", Rows.utc(since))
                    .addParam("email", email)
                    .addParam("client", client)
                    .execute();
        });
    }
}
