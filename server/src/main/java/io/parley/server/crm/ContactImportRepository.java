package io.parley.server.crm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.dbclient.DbRow;
import io.parley.model.crm.ContactImport;
import io.parley.server.platform.db.Rows;
import io.parley.server.platform.db.Tx;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** The {@code contact_import} rows (one per uploaded file) and the rows each import rejected. */
final class ContactImportRepository {
    static final int ERRORS_SHOWN = 100;
    private static final String COLUMNS = "id, status, filename, total, created, updated, skipped, failed, failure,"
            + " created_at, finished_at";

    /** What the job needs to go on with an import. */
    record Work(long id, String status, String filename, List<String> columns, JsonNode options, int position,
                Long createdBy) {
    }

    /** A rejected row as stored: its number, the column at fault, why, and its cells as they were. */
    record RejectedRow(int row, String column, String message, List<String> cells) {
    }

    private final ObjectMapper mapper;

    ContactImportRepository(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    long insert(Tx tx, String filename, ImportFile file, List<String> columns, JsonNode options, int total, long userId) {
        return tx.get("INSERT INTO contact_import (org_id, filename, format, charset, delimiter, columns, options, total,"
                        + " created_by) VALUES (:org, :filename, :format, :charset, :delimiter, CAST(:columns AS jsonb),"
                        + " CAST(:options AS jsonb), :total, :user) RETURNING id")
                .addParam("org", tx.orgId()).addParam("filename", filename).addParam("format", file.format().name())
                .addParam("charset", file.charset() == null ? null : file.charset().name())
                .addParam("delimiter", file.format() == ImportFile.Format.CSV ? String.valueOf(file.delimiter()) : null)
                .addParam("columns", json(columns)).addParam("options", json(options)).addParam("total", total)
                .addParam("user", userId)
                .execute().orElseThrow().column("id").getLong();
    }

    Optional<ContactImport> byId(Tx tx, long id) {
        return Tx.one(tx.get("SELECT " + COLUMNS + " FROM contact_import WHERE org_id = :org AND id = :id")
                .addParam("org", tx.orgId()).addParam("id", id), row -> status(row, errors(tx, id)));
    }

    /** The import without its errors, as progress events carry it. */
    Optional<ContactImport> progress(Tx tx, long id) {
        return Tx.one(tx.get("SELECT " + COLUMNS + " FROM contact_import WHERE org_id = :org AND id = :id")
                .addParam("org", tx.orgId()).addParam("id", id), row -> status(row, List.of()));
    }

    /** Locks the import's row for the batch that goes on with it. */
    Optional<Work> work(Tx tx, long id) {
        return Tx.one(tx.get("SELECT id, status, filename, columns, options, position, created_by"
                        + " FROM contact_import WHERE org_id = :org AND id = :id FOR UPDATE")
                .addParam("org", tx.orgId()).addParam("id", id), row -> new Work(row.column("id").getLong(),
                row.column("status").getString(), row.column("filename").getString(),
                read(row.column("columns").getString(), new TypeReference<List<String>>() {
                }), read(row.column("options").getString(), new TypeReference<JsonNode>() {
                }), row.column("position").getInt(), row.column("created_by").get(Long.class)));
    }

    /** Adds a batch's counts and moves the position past it, in the batch's transaction. */
    void advance(Tx tx, long id, int position, int created, int updated, int skipped, int failed) {
        tx.dml("UPDATE contact_import SET position = :position, created = created + :created, updated = updated + :updated,"
                        + " skipped = skipped + :skipped, failed = failed + :failed WHERE org_id = :org AND id = :id")
                .addParam("position", position).addParam("created", created).addParam("updated", updated)
                .addParam("skipped", skipped).addParam("failed", failed).addParam("org", tx.orgId()).addParam("id", id)
                .execute();
    }

    void finish(Tx tx, long id, String status, String failure) {
        tx.dml("UPDATE contact_import SET status = :status, failure = :failure, finished_at = now()"
                        + " WHERE org_id = :org AND id = :id")
                .addParam("status", status).addParam("failure", failure).addParam("org", tx.orgId()).addParam("id", id)
                .execute();
    }

    void reject(Tx tx, long importId, List<RejectedRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        tx.dml("INSERT INTO contact_import_error (org_id, import_id, row_number, column_name, message, cells)"
                        + " SELECT :org, :import, r, c, m, CAST(v AS jsonb)"
                        + " FROM unnest(CAST(:rows AS integer[]), CAST(:columns AS text[]), CAST(:messages AS text[]),"
                        + " CAST(:cells AS text[])) AS t(r, c, m, v) ON CONFLICT DO NOTHING")
                .addParam("org", tx.orgId()).addParam("import", importId)
                .addParam("rows", rows.stream().map(RejectedRow::row).toArray(Integer[]::new))
                .addParam("columns", rows.stream().map(RejectedRow::column).toArray(String[]::new))
                .addParam("messages", rows.stream().map(RejectedRow::message).toArray(String[]::new))
                .addParam("cells", rows.stream().map(r -> json(r.cells())).toArray(String[]::new))
                .execute();
    }

    /** The file's column names, for the errors file's header. */
    Optional<List<String>> columns(Tx tx, long id) {
        return Tx.one(tx.get("SELECT columns FROM contact_import WHERE org_id = :org AND id = :id")
                        .addParam("org", tx.orgId()).addParam("id", id),
                row -> read(row.column("columns").getString(), new TypeReference<List<String>>() {
                }));
    }

    /** Every rejected row in file order. */
    List<RejectedRow> rejected(Tx tx, long id) {
        return Tx.list(tx.query("SELECT row_number, column_name, message, cells FROM contact_import_error"
                        + " WHERE org_id = :org AND import_id = :id ORDER BY row_number")
                .addParam("org", tx.orgId()).addParam("id", id), row -> new RejectedRow(row.column("row_number").getInt(),
                row.column("column_name").getString(), row.column("message").getString(),
                read(row.column("cells").getString(), new TypeReference<List<String>>() {
                })));
    }

    private List<ContactImport.ImportError> errors(Tx tx, long id) {
        return Tx.list(tx.query("SELECT row_number, column_name, message FROM contact_import_error"
                        + " WHERE org_id = :org AND import_id = :id ORDER BY row_number LIMIT " + ERRORS_SHOWN)
                .addParam("org", tx.orgId()).addParam("id", id), row -> new ContactImport.ImportError(
                row.column("row_number").getInt(), row.column("column_name").getString(), row.column("message").getString()));
    }

    private static ContactImport status(DbRow row, List<ContactImport.ImportError> errors) {
        int created = row.column("created").getInt();
        int updated = row.column("updated").getInt();
        int skipped = row.column("skipped").getInt();
        int failed = row.column("failed").getInt();
        return new ContactImport(row.column("id").getLong(), row.column("status").getString(),
                row.column("filename").getString(), row.column("total").getInt(), created + updated + skipped + failed,
                created, updated, skipped, failed, errors, row.column("failure").getString(),
                Rows.instant(row, "created_at"), Rows.instant(row, "finished_at"));
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
