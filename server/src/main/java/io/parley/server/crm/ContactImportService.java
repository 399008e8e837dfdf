package io.parley.server.crm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.parley.model.crm.ContactImport;
import io.parley.model.crm.ImportPreview;
import io.parley.model.identity.Role;
import io.parley.server.auth.Access;
import io.parley.server.auth.Principal;
import io.parley.server.event.EventLog;
import io.parley.server.job.JobQueue;
import io.parley.server.platform.db.Database;
import io.parley.server.platform.error.NotFoundException;
import io.parley.server.platform.error.ValidationException;
import io.parley.server.platform.http.Json;
import io.parley.server.platform.http.MultipartForm;
import io.parley.server.platform.http.PathIds;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Contact import: {@code POST /import/preview} shows what a file holds and how its columns would
 * map, {@code POST /import} checks the whole file and starts the import as a durable job (202),
 * {@code GET /imports/{id}} follows it and {@code /imports/{id}/errors.csv} gives back the rows it
 * rejected with the reason. SUPERVISOR+: an import writes many contacts at once.
 */
final class ContactImportService implements HttpService {
    private static final int SAMPLE_ROWS = 10;
    private static final String TOO_LARGE = "Import files are at most " + ImportFile.MAX_BYTES / (1024 * 1024)
            + " MB; split the file into smaller ones.";

    private final Database db;
    private final Json json;
    private final ContactImportRepository imports;
    private final CustomFieldRepository fields;
    private final JobQueue jobs;
    private final EventLog events;
    private final Path importDir;

    ContactImportService(Database db, Json json, ContactImportRepository imports, CustomFieldRepository fields,
                         JobQueue jobs, EventLog events, Path importDir) {
        this.db = db;
        this.json = json;
        this.imports = imports;
        this.fields = fields;
        this.jobs = jobs;
        this.events = events;
        this.importDir = importDir;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/import/preview", Access.atLeast(Role.SUPERVISOR, this::preview))
                .post("/import", Access.atLeast(Role.SUPERVISOR, this::start))
                .get("/imports/{id}", Access.atLeast(Role.SUPERVISOR, this::status))
                .get("/imports/{id}/errors.csv", Access.atLeast(Role.SUPERVISOR, this::errors));
    }

    private void preview(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        try (MultipartForm form = MultipartForm.read(req, spoolDir(), ImportFile.MAX_BYTES, TOO_LARGE)) {
            ImportFile file = ImportFile.detect(upload(form).path());
            ImportFile.Inspection inspection = file.inspect(SAMPLE_ROWS);
            ImportPreview preview = db.inOrg(principal.orgId(), tx -> new ImportPreview(inspection.columns(),
                    inspection.sampleRows(), ImportMapping.suggest(inspection.columns(), fields.list(tx)),
                    inspection.rowCount(), file.format().name(), file.charset() == null ? null : file.charset().name(),
                    file.format() == ImportFile.Format.CSV ? String.valueOf(file.delimiter()) : null));
            json.send(res, preview);
        }
    }

    private void start(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        try (MultipartForm form = MultipartForm.read(req, spoolDir(), ImportFile.MAX_BYTES, TOO_LARGE)) {
            MultipartForm.FilePart upload = upload(form);
            JsonNode optionsNode = options(form);
            ImportFile file = ImportFile.detect(upload.path());
            ImportFile.Inspection inspection = file.inspect(0);
            if (inspection.rowCount() == 0) {
                throw new ImportFileException("The file has a header row but no contacts under it.");
            }
            String filename = filename(upload.filename());
            ContactImport started = db.inOrg(principal.orgId(), tx -> {
                ImportOptions options = ImportOptions.parse(optionsNode, inspection.columns(), fields.byKey(tx),
                        CrmSetup.defaultCountry(tx));
                long id = imports.insert(tx, filename, file, inspection.columns(), json.mapper().valueToTree(options),
                        inspection.rowCount(), principal.userId());
                Path target = ContactImporter.file(importDir, principal.orgId(), id);
                try {
                    Files.createDirectories(target.getParent());
                    Files.move(upload.path(), target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                jobs.enqueue(tx, ContactImporter.JOB, new ContactImporter.Payload(id), null);
                ContactImport status = imports.byId(tx, id).orElseThrow();
                events.append(tx, "import.progress", status);
                return status;
            });
            res.header("Location", "/api/v1/contacts/imports/" + started.id());
            json.send(res, Status.ACCEPTED_202, started);
        }
    }

    private void status(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "import");
        json.send(res, db.inOrg(principal.orgId(), tx -> imports.byId(tx, id)).orElseThrow(() -> notFound(id)));
    }

    /** The rejected rows as they were in the file, with the reason and the row number added. */
    private void errors(ServerRequest req, ServerResponse res) {
        Principal principal = Access.principal(req);
        long id = PathIds.id(req, "id", "import");
        record Rejected(List<String> columns, List<ContactImportRepository.RejectedRow> rows) {
        }
        Rejected rejected = db.inOrg(principal.orgId(), tx -> imports.columns(tx, id)
                .map(columns -> new Rejected(columns, imports.rejected(tx, id)))).orElseThrow(() -> notFound(id));
        res.header("Content-Type", "text/csv; charset=utf-8");
        res.header("Content-Disposition", "attachment; filename=\"import-" + id + "-errors.csv\"");
        try (OutputStream out = res.outputStream(); Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            writer.write('\uFEFF');
            CSVPrinter csv = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get());
            List<String> header = new ArrayList<>(rejected.columns());
            header.add("Error");
            header.add("Row");
            csv.printRecord(header);
            for (ContactImportRepository.RejectedRow row : rejected.rows()) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < rejected.columns().size(); i++) {
                    cells.add(ContactExport.safe(i < row.cells().size() ? row.cells().get(i) : ""));
                }
                cells.add(ContactExport.safe((row.column() == null ? "" : row.column() + ": ") + row.message()));
                cells.add(Integer.toString(row.row()));
                csv.printRecord(cells);
            }
            csv.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MultipartForm.FilePart upload(MultipartForm form) {
        return form.file("file").orElseThrow(() -> ValidationException.of("file",
                "is required: the CSV or Excel (.xlsx) file, as the form part named \"file\""));
    }

    private JsonNode options(MultipartForm form) {
        String text = form.field("options").orElseThrow(() -> ValidationException.of("options",
                "is required: a JSON part {mapping, defaultCountry?, onDuplicate?, addTags?}"));
        try {
            return json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw ValidationException.of("options", "is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String filename(String given) {
        String name = given == null ? "" : given.replaceAll("^.*[/\\\\]", "").strip();
        if (name.isEmpty()) {
            return "contacts";
        }
        return name.length() > 200 ? name.substring(0, 200) : name;
    }

    private Path spoolDir() {
        return importDir.resolve("spool");
    }

    private static NotFoundException notFound(long id) {
        return new NotFoundException("No import with id " + id + ".");
    }
}
