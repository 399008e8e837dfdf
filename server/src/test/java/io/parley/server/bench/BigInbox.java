package io.parley.server.bench;

import io.parley.server.testing.TestDatabases;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A large organisation for the read figures: {@code conversations} customers, each with one
 * conversation of {@code perConversation} messages. Rows are streamed with COPY into temporary
 * staging tables (COPY cannot write through row-level security), then moved into the real tables
 * with one INSERT … SELECT each as the organisation, so every index and policy applies as in
 * production. Bounded: 100,000 conversations and 1,000,000 messages take a minute or two here.
 */
final class BigInbox {
    private BigInbox() {
    }

    /** Loads the data and returns the ids of a spread of its conversations. */
    static List<Long> load(String dbUrl, long orgId, long channelId, int conversations, int perConversation)
            throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(dbUrl, TestDatabases.user(), TestDatabases.password())) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE stage_contact (wa_id text, name text)");
                s.execute("CREATE TEMP TABLE stage_message (wa_id text, seq int, direction text, text text)");
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("COPY stage_contact FROM STDIN", new Rows(conversations, (i, out) ->
                    out.append(waId(i)).append('\t').append("Customer ").append(i).append('\n')));
            copy.copyIn("COPY stage_message FROM STDIN", new Rows(conversations * perConversation, (i, out) -> {
                int seq = i % perConversation;
                out.append(waId(i / perConversation)).append('\t').append(seq).append('\t')
                        .append(seq % 2 == 0 ? "IN" : "OUT").append('\t')
                        .append(seq % 2 == 0 ? "Hello, where is my order " : "It ships today, order ").append(i).append('\n');
            }));
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE stage_contact, stage_message");
            }
            c.setAutoCommit(false);
            try (PreparedStatement tenant = c.prepareStatement("SELECT set_config('app.org_id', ?, true)");
                 Statement s = c.createStatement()) {
                tenant.setString(1, Long.toString(orgId));
                tenant.execute();
                s.execute("INSERT INTO contact (org_id, wa_id, phone, name, search_text)"
                        + " SELECT " + orgId + ", wa_id, '+' || wa_id, name, lower(name || ' ' || wa_id) FROM stage_contact");
                // Newest activity spread over the last 100 days; a quarter resolved, a few assigned to nobody else.
                s.execute("INSERT INTO conversation (org_id, channel_id, contact_id, status, last_message_at,"
                        + " last_message_preview, last_inbound_at)"
                        + " SELECT k.org_id, " + channelId + ", k.id, CASE WHEN k.id % 4 = 0 THEN 'RESOLVED' ELSE 'OPEN' END,"
                        + " now() - (k.id % 144000) * interval '1 minute', 'It ships today',"
                        + " now() - (k.id % 144000) * interval '1 minute' FROM contact k WHERE k.org_id = " + orgId);
                // Joining a million rows against stale statistics picked a nested loop: ten minutes instead of one.
                s.execute("ANALYZE contact, conversation");
                s.execute("INSERT INTO message (org_id, conversation_id, direction, type, text, status, wamid, search_text,"
                        + " created_at)"
                        + " SELECT cv.org_id, cv.id, m.direction, 'text', m.text, CASE m.direction WHEN 'IN' THEN 'RECEIVED'"
                        + " ELSE 'READ' END, 'wamid.big.' || m.wa_id || '.' || m.seq, lower(m.text),"
                        + " cv.last_message_at - (" + perConversation + " - m.seq) * interval '1 minute'"
                        + " FROM stage_message m JOIN contact k ON k.org_id = " + orgId + " AND k.wa_id = m.wa_id"
                        + " JOIN conversation cv ON cv.org_id = k.org_id AND cv.contact_id = k.id");
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                // What autovacuum does a minute later in production: planner statistics for the new rows.
                s.execute("ANALYZE contact, conversation, message");
            }
            List<Long> sample = new ArrayList<>();
            c.setAutoCommit(false);
            try (PreparedStatement tenant = c.prepareStatement("SELECT set_config('app.org_id', ?, true)");
                 PreparedStatement ids = c.prepareStatement("SELECT id FROM conversation WHERE org_id = ? AND id % 500 = 0")) {
                tenant.setString(1, Long.toString(orgId));
                tenant.execute();
                ids.setLong(1, orgId);
                try (ResultSet rows = ids.executeQuery()) {
                    while (rows.next()) {
                        sample.add(rows.getLong(1));
                    }
                }
            }
            c.commit();
            return sample;
        }
    }

    private static String waId(int i) {
        return Long.toString(4930000000000L + i);
    }

    @FunctionalInterface
    private interface RowWriter {
        void write(int index, StringBuilder out);
    }

    /** COPY text rows produced on demand, so a million rows never sit in memory at once. */
    private static final class Rows extends Reader {
        private final int count;
        private final RowWriter writer;
        private final StringBuilder buffer = new StringBuilder();
        private int next;
        private int position;

        Rows(int count, RowWriter writer) {
            this.count = count;
            this.writer = writer;
        }

        @Override
        public int read(char[] target, int offset, int length) {
            while (position == buffer.length()) {
                if (next == count) {
                    return -1;
                }
                buffer.setLength(0);
                position = 0;
                for (int i = 0; i < 1_000 && next < count; i++) {
                    writer.write(next++, buffer);
                }
            }
            int n = Math.min(length, buffer.length() - position);
            buffer.getChars(position, position + n, target, offset);
            position += n;
            return n;
        }

        @Override
        public void close() {
        }
    }
}
