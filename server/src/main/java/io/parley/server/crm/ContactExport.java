package io.parley.server.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.model.crm.CustomField;
import io.parley.server.inbox.SearchText;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The contacts matching a filter as CSV, streamed: rows are read through a database cursor and
 * written as they come, so 100,000 contacts take no more memory than 1,000. Custom fields are
 * columns of their own. A cell that a spreadsheet would run as a formula (starting with = + - @,
 * a tab or a carriage return) is written with a leading apostrophe, which the import strips again.
 */
final class ContactExport {
    static final int FETCH_SIZE = 1_000;
    private static final Pattern NAMED = Pattern.compile(":([a-zA-Z][a-zA-Z0-9_]*)");
    private static final List<String> COLUMNS = List.of("id", "name", "phone", "email", "tags", "stage", "owner",
            "optedOut", "aiEnabled", "source", "createdAt", "lastSeenAt", "lastInboundAt");

    private final ObjectMapper mapper;

    ContactExport(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Writes the CSV (UTF-8 with a byte-order mark, which Excel needs to read accents) to {@code out}. */
    void write(Connection c, long orgId, SegmentCompiler.Sql filter, String q, List<CustomField> fields, OutputStream out)
            throws SQLException, IOException {
        Map<String, Object> params = new LinkedHashMap<>(filter.params());
        params.put("org", orgId);
        StringBuilder sql = new StringBuilder("SELECT c.id, coalesce(c.name, c.username) AS name, c.phone, c.email,"
                + " (SELECT string_agg(t.name, '; ' ORDER BY lower(t.name)) FROM contact_tag ct JOIN tag t"
                + "  ON t.org_id = ct.org_id AND t.id = ct.tag_id WHERE ct.org_id = c.org_id AND ct.contact_id = c.id) AS tags,"
                + " s.name AS stage, u.name AS owner, c.opted_out, c.ai_enabled, c.source, c.created_at, c.last_seen_at,"
                + " c.last_inbound_at, CAST(c.custom_fields AS text) AS custom_fields"
                + " FROM contact c LEFT JOIN stage s ON s.org_id = c.org_id AND s.id = c.stage_id"
                + " LEFT JOIN app_user u ON u.org_id = c.org_id AND u.id = c.owner_id"
                + " WHERE c.org_id = :org AND c.deleted_at IS NULL AND (" + filter.where() + ")");
        String words = SearchText.prefixQuery(q);
        if (words != null) {
            sql.append(" AND c.search_tsv @@ to_tsquery('simple', :q)");
            params.put("q", words);
        }
        sql.append(" ORDER BY c.id");

        List<Object> values = new ArrayList<>();
        Matcher named = NAMED.matcher(sql);
        StringBuilder positional = new StringBuilder();
        while (named.find()) {
            values.add(params.get(named.group(1)));
            named.appendReplacement(positional, "?");
        }
        named.appendTail(positional);

        List<String> header = new ArrayList<>(COLUMNS);
        fields.forEach(f -> header.add(f.label()));
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        writer.write('\uFEFF');
        CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get());
        csv.printRecord(header);
        try (PreparedStatement ps = c.prepareStatement(positional.toString())) {
            ps.setFetchSize(FETCH_SIZE);
            for (int i = 0; i < values.size(); i++) {
                ps.setObject(i + 1, values.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    csv.printRecord(row(rs, fields));
                }
            }
        }
        csv.flush();
    }

    private List<String> row(ResultSet rs, List<CustomField> fields) throws SQLException {
        List<String> cells = new ArrayList<>();
        cells.add(Long.toString(rs.getLong("id")));
        cells.add(safe(rs.getString("name")));
        cells.add(safe(rs.getString("phone")));
        cells.add(safe(rs.getString("email")));
        cells.add(safe(rs.getString("tags")));
        cells.add(safe(rs.getString("stage")));
        cells.add(safe(rs.getString("owner")));
        cells.add(Boolean.toString(rs.getBoolean("opted_out")));
        cells.add(Boolean.toString(rs.getBoolean("ai_enabled")));
        cells.add(rs.getString("source"));
        cells.add(time(rs.getTimestamp("created_at")));
        cells.add(time(rs.getTimestamp("last_seen_at")));
        cells.add(time(rs.getTimestamp("last_inbound_at")));
        JsonNode values;
        try {
            values = mapper.readTree(rs.getString("custom_fields"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (CustomField field : fields) {
            JsonNode value = values.get(field.key());
            cells.add(value == null || value.isNull() ? "" : safe(value.asText()));
        }
        return cells;
    }

    /** What a spreadsheet would evaluate is written as text. */
    static String safe(String cell) {
        if (cell == null || cell.isEmpty()) {
            return "";
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
                ? "'" + cell : cell;
    }

    private static String time(Timestamp t) {
        return t == null ? "" : t.toInstant().toString();
    }
}
