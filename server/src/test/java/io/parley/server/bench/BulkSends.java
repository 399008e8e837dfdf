package io.parley.server.bench;

import io.parley.server.sending.OutboundSender;
import io.parley.server.testing.TestDatabases;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Queues {@code count} text replies at once, each to its own customer (Meta's pair rate allows a
 * customer only a few messages a minute), with their open service windows and send jobs — what an
 * agent team or a campaign leaves in the outbox. Written with set-based SQL as the organisation,
 * so that queueing takes a moment and the figure is the sender's alone.
 */
final class BulkSends {
    /** Sends are due this long after they are queued: the vacuum below is done by then (it takes well under a second). */
    private static final Duration START_AFTER = Duration.ofSeconds(2);

    private BulkSends() {
    }

    static void queue(String dbUrl, long orgId, long channelId, int count) throws SQLException {
        try (Connection c = DriverManager.getConnection(dbUrl, TestDatabases.user(), TestDatabases.password())) {
            c.setAutoCommit(false);
            try (PreparedStatement tenant = c.prepareStatement("SELECT set_config('app.org_id', ?, true)")) {
                tenant.setString(1, Long.toString(orgId));
                tenant.execute();
            }
            execute(c, "INSERT INTO contact (org_id, wa_id, phone, name) SELECT ?, CAST(4940000000000 + g AS text),"
                    + " '+' || (4940000000000 + g), 'Recipient ' || g FROM generate_series(1, ?) g", orgId, count);
            execute(c, "INSERT INTO conversation (org_id, channel_id, contact_id, last_message_at, last_inbound_at)"
                    + " SELECT k.org_id, ?, k.id, now(), now() FROM contact k WHERE k.org_id = ?", channelId, orgId);
            execute(c, "INSERT INTO message (org_id, conversation_id, direction, type, text, status, request)"
                    + " SELECT cv.org_id, cv.id, 'OUT', 'text', 'Your order ships today', 'QUEUED',"
                    + " CAST('{\"type\":\"text\",\"text\":{\"body\":\"Your order ships today\",\"preview_url\":false}}' AS jsonb)"
                    + " FROM conversation cv WHERE cv.org_id = ?", orgId);
            execute(c, "WITH queued AS (INSERT INTO job (org_id, kind, payload) SELECT m.org_id, '" + OutboundSender.JOB + "',"
                    + " jsonb_build_object('messageId', m.id) FROM message m WHERE m.org_id = ? AND m.status = 'QUEUED'"
                    + " RETURNING id) INSERT INTO job_due (job_id, run_at) SELECT id, now() + make_interval(secs => ?) FROM queued",
                    orgId, START_AFTER.toSeconds());
            c.commit();
            c.setAutoCommit(true);
            try (PreparedStatement vacuum = c.prepareStatement("VACUUM ANALYZE contact, conversation, message, job, job_due")) {
                // What autovacuum does a minute after such a load in production: statistics for the planner, and the
                // warm-up's 20,000 sends' dead rows cleared. Left, or running while the first sends went out, they
                // cost the measured run stalls of up to 60 ms.
                vacuum.execute();
            }
        }
    }

    private static void execute(Connection c, String sql, long... params) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setLong(i + 1, params[i]);
            }
            statement.execute();
        }
    }
}
