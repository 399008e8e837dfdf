package io.parley.server.crm;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.server.testing.Api;
import io.parley.server.testing.Eventually;
import io.parley.server.testing.ServerTestSupport;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contact import end to end over HTTP: preview, mapping, the durable job, counts, per-row errors and
 * their CSV, encodings and delimiters, XLSX, and hostile files refused whole with nothing imported.
 */
class ContactImportApiTest extends ServerTestSupport {

    @ParameterizedTest(name = "{0} with BOM {1}, delimiter {2}")
    @CsvSource({"UTF-8, false, ','", "UTF-8, true, ';'", "UTF-16LE, true, '\t'", "UTF-16BE, true, ','",
            "UTF-16LE, false, ';'", "windows-1252, false, ';'", "windows-1252, false, '|'"})
    void previewDetectsEncodingAndDelimiterAndSuggestsTheMapping(String charset, boolean bom, char delimiter) {
        Member owner = registerOrg("Preview " + charset + bom + delimiter);
        api.post("/api/v1/custom-fields", obj("key", "city", "label", "Stadt", "type", "TEXT"), owner.accessToken());
        String d = String.valueOf(delimiter);
        String text = String.join(d, "Vorname", "Nachname", "Handy", "E-Mail", "Stadt", "Notiz") + "\r\n"
                + String.join(d, "Zoë", "Müller-Lüdenscheidt", "0151 12349001", "zoe@example.com", "Köln", "\"ja, gern\"") + "\r\n"
                + String.join(d, "Åsa", "Ærø", "+4915112349002", "", "Zürich", "") + "\r\n";
        byte[] file = encode(text, Charset.forName(charset), bom);

        Api.Response res = api.multipart("/api/v1/contacts/import/preview", "kontakte.csv", file, Map.of(), owner.accessToken());
        assertThat(res.status()).as(res.toString()).isEqualTo(200);
        JsonNode preview = res.json();
        assertThat(preview.get("format").asText()).isEqualTo("CSV");
        assertThat(preview.get("delimiter").asText()).isEqualTo(d);
        assertThat(texts(preview.get("columns"))).containsExactly("Vorname", "Nachname", "Handy", "E-Mail", "Stadt", "Notiz");
        assertThat(preview.get("rowCount").asInt()).isEqualTo(2);
        assertThat(texts(preview.get("sampleRows").get(0))).containsExactly("Zoë", "Müller-Lüdenscheidt", "0151 12349001",
                "zoe@example.com", "Köln", "ja, gern");
        assertThat(preview.get("sampleRows").get(1).get(1).asText()).isEqualTo("Ærø");
        JsonNode mapping = preview.get("suggestedMapping");
        assertThat(mapping.get("Vorname").asText()).isEqualTo("firstName");
        assertThat(mapping.get("Nachname").asText()).isEqualTo("lastName");
        assertThat(mapping.get("Handy").asText()).isEqualTo("phone");
        assertThat(mapping.get("E-Mail").asText()).isEqualTo("email");
        assertThat(mapping.get("Stadt").asText()).isEqualTo("customFields.city");
        assertThat(mapping.has("Notiz")).isFalse();
    }

    @Test
    void anImportCreatesUpdatesSkipsAndKeepsEachRejectedRowWithItsReason() throws IOException {
        Member owner = registerOrg("Import shop");
        Member supervisor = addMember(owner, "SUPERVISOR");
        api.post("/api/v1/custom-fields", obj("key", "budget", "label", "Budget", "type", "NUMBER"), owner.accessToken());
        api.post("/api/v1/custom-fields", obj("key", "since", "label", "Customer since", "type", "DATE"), owner.accessToken());
        Api.Response known = api.post("/api/v1/contacts", obj("name", "Known before", "phone", "+4915112349101",
                "tags", List.of("old")), owner.accessToken());
        assertThat(known.status()).as(known.toString()).isEqualTo(201);
        String csv = """
                Name,Phone,Email,Tags,Stage,Budget,Customer since,Owner
                Anna New,0151 12349102,anna@example.com,"vip, fair",Qualified,1200.50,2024-05-01,%s
                Known Renamed,+49 151 12349101,,returning,,,,
                ,,,,,,,
                Anna Again,+4915112349102,,second,,99,,
                Bad Phone,12,,,,,,
                Bad Mail,+4915112349103,not-an-email,,,,,
                Bad Stage,+4915112349104,,,Negotiating,,,
                Bad Budget,+4915112349105,,,,lots,,
                Formula Guard,'+4915112349106,,,,,,
                Taken Mail,+4915112349107,anna@example.com,,,,,
                """.formatted(owner.email());
        JsonNode options = obj("mapping", obj("Name", "name", "Phone", "phone", "Email", "email", "Tags", "tags",
                "Stage", "stage", "Budget", "customFields.budget", "Customer since", "customFields.since", "Owner", "owner"),
                "defaultCountry", "DE", "onDuplicate", "UPDATE", "addTags", List.of("fair-2026"));

        JsonNode done = importAndWait(supervisor, "leads.csv", csv.getBytes(StandardCharsets.UTF_8), options);
        assertThat(done.get("status").asText()).isEqualTo("DONE");
        assertThat(done.get("total").asInt()).as("the blank row is not a contact").isEqualTo(9);
        assertThat(done.get("created").asInt()).as("Anna, Formula Guard").isEqualTo(2);
        assertThat(done.get("updated").asInt()).as("Known, and Anna's second row").isEqualTo(2);
        assertThat(done.get("skipped").asInt()).isZero();
        assertThat(done.get("failed").asInt()).isEqualTo(5);
        assertThat(done.get("processed").asInt()).isEqualTo(9);
        JsonNode errors = done.get("errors");
        assertThat(errors).hasSize(5);
        assertThat(errors.get(0).get("row").asInt()).isEqualTo(6);
        assertThat(errors.get(0).get("column").asText()).isEqualTo("Phone");
        assertThat(errors.get(1).get("column").asText()).isEqualTo("Email");
        assertThat(errors.get(2).get("message").asText()).contains("Negotiating").contains("Lead");
        assertThat(errors.get(3).get("column").asText()).isEqualTo("Budget");
        assertThat(errors.get(4).get("message").asText()).contains("another contact");

        JsonNode anna = contact(owner, "+4915112349102");
        assertThat(anna.get("name").asText()).isEqualTo("Anna Again");
        assertThat(anna.get("email").asText()).isEqualTo("anna@example.com");
        assertThat(texts(anna.get("tags"))).containsExactlyInAnyOrder("vip", "fair", "second", "fair-2026");
        assertThat(anna.get("customFields").get("budget").decimalValue()).isEqualByComparingTo("99");
        assertThat(anna.get("customFields").get("since").asText()).isEqualTo("2024-05-01");
        assertThat(anna.get("ownerId").asLong()).isEqualTo(owner.userId());
        assertThat(anna.get("source").asText()).isEqualTo("IMPORT");
        JsonNode timeline = api.get("/api/v1/contacts/" + anna.get("id").asLong() + "/activities", owner.accessToken()).json();
        assertThat(timeline.get("items").toString()).contains("Imported from leads.csv");

        JsonNode renamed = contact(owner, "+4915112349101");
        assertThat(renamed.get("name").asText()).isEqualTo("Known Renamed");
        assertThat(texts(renamed.get("tags"))).containsExactlyInAnyOrder("old", "returning", "fair-2026");
        assertThat(contact(owner, "+4915112349106").get("name").asText()).isEqualTo("Formula Guard");

        Api.Response errorsCsv = api.get("/api/v1/contacts/imports/" + done.get("id").asLong() + "/errors.csv",
                supervisor.accessToken());
        assertThat(errorsCsv.status()).isEqualTo(200);
        assertThat(errorsCsv.contentType()).startsWith("text/csv");
        List<CSVRecord> rows = parse(errorsCsv.body());
        assertThat(rows.getFirst().toList()).containsExactly("Name", "Phone", "Email", "Tags", "Stage", "Budget",
                "Customer since", "Owner", "Error", "Row");
        assertThat(rows).hasSize(6);
        assertThat(rows.get(1).get(0)).isEqualTo("Bad Phone");
        assertThat(rows.get(1).get(8)).startsWith("Phone: ").contains("not a phone number");
        assertThat(rows.get(1).get(9)).isEqualTo("6");

        // The same file again, skipping known numbers: nothing changes, every valid row is skipped.
        JsonNode again = importAndWait(supervisor, "leads.csv", csv.getBytes(StandardCharsets.UTF_8),
                obj("mapping", options.get("mapping"), "defaultCountry", "DE", "onDuplicate", "SKIP"));
        assertThat(again.get("created").asInt()).isZero();
        assertThat(again.get("updated").asInt()).isZero();
        assertThat(again.get("skipped").asInt()).isEqualTo(4);
        assertThat(contact(owner, "+4915112349102").get("name").asText()).isEqualTo("Anna Again");
    }

    @Test
    void aWorkbookIsReadWithNumbersInFullAndDatesAsDates() throws IOException {
        Member owner = registerOrg("Workbook shop");
        api.post("/api/v1/custom-fields", obj("key", "birthday", "label", "Birthday", "type", "DATE"), owner.accessToken());
        byte[] xlsx;
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("Contacts");
            CellStyle date = workbook.createCellStyle();
            date.setDataFormat(workbook.createDataFormat().getFormat("dd.mm.yyyy"));
            Row header = sheet.createRow(0);
            header.createCell(0).setCellValue("Full name");
            header.createCell(1).setCellValue("WhatsApp");
            header.createCell(3).setCellValue("Birthday");
            for (int i = 0; i < 30; i++) {
                Row row = sheet.createRow(i + 1);
                row.createCell(0).setCellValue("Sheet Person " + i);
                row.createCell(1).setCellValue(4915112349200L + i);
                row.createCell(3).setCellValue(LocalDate.of(1990, 1, 1).plusDays(i));
                row.getCell(3).setCellStyle(date);
            }
            workbook.write(out);
            xlsx = out.toByteArray();
        }
        Api.Response preview = api.multipart("/api/v1/contacts/import/preview", "book.xlsx", xlsx, Map.of(), owner.accessToken());
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        assertThat(preview.json().get("format").asText()).isEqualTo("XLSX");
        assertThat(texts(preview.json().get("columns"))).containsExactly("Full name", "WhatsApp", "Column 3", "Birthday");
        assertThat(texts(preview.json().get("sampleRows").get(0))).containsExactly("Sheet Person 0", "4915112349200", "", "1990-01-01");
        assertThat(preview.json().get("suggestedMapping").get("Birthday").asText()).isEqualTo("customFields.birthday");

        JsonNode done = importAndWait(owner, "book.xlsx", xlsx, obj("mapping", preview.json().get("suggestedMapping"),
                "onDuplicate", "SKIP"));
        assertThat(done.get("created").asInt()).as(done.toString()).isEqualTo(30);
        JsonNode person = contact(owner, "+4915112349205");
        assertThat(person.get("name").asText()).isEqualTo("Sheet Person 5");
        assertThat(person.get("customFields").get("birthday").asText()).isEqualTo("1990-01-06");
    }

    @Test
    void hostileFilesAreRefusedWholeAndNothingIsImported() throws IOException {
        Member owner = registerOrg("Hostile shop");
        String token = owner.accessToken();
        JsonNode options = obj("mapping", obj("phone", "phone"), "defaultCountry", "DE");

        byte[] huge = new byte[33 * 1024 * 1024];
        byte[] line = "+4915112340000,a name that is there to fill the file\r\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy("phone,name\r\n".getBytes(StandardCharsets.US_ASCII), 0, huge, 0, 12);
        for (int at = 12; at + line.length < huge.length; at += line.length) {
            System.arraycopy(line, 0, huge, at, line.length);
        }
        assertRefused(api.multipart("/api/v1/contacts/import", "huge.csv", huge, Map.of("options", options.toString()), token),
                413, "32 MB");

        StringBuilder wide = new StringBuilder("phone");
        for (int i = 0; i < 10_000; i++) {
            wide.append(",c").append(i);
        }
        wide.append("\r\n+4915112340001").append(",x".repeat(10_000)).append("\r\n");
        assertRefused(upload(token, "wide.csv", wide.toString().getBytes(StandardCharsets.UTF_8), options), 400, "200 columns");

        String broken = "phone,name\r\n+4915112340002,\"Fine\"\r\n+4915112340003,\"Never closed\r\n+4915112340004,x\r\n";
        assertRefused(upload(token, "broken.csv", broken.getBytes(StandardCharsets.UTF_8), options), 400, "quoting");
        String trailing = "phone,name\r\n+4915112340005,\"Quoted\"text after\r\n";
        assertRefused(upload(token, "trailing.csv", trailing.getBytes(StandardCharsets.UTF_8), options), 400, "quoting");

        assertRefused(upload(token, "bomb.xlsx", zipBomb(), options), 400, "zip bomb");
        assertRefused(upload(token, "old.xls", new byte[]{(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, 1, 2, 3}, options),
                400, ".xlsx or .csv");
        assertRefused(upload(token, "fake.xlsx", zipOf("hello.txt", "not a workbook".getBytes(StandardCharsets.UTF_8)),
                options), 400, "not an Excel workbook");
        assertRefused(upload(token, "empty.csv", new byte[0], options), 400, "empty");
        assertRefused(upload(token, "header.csv", "phone,name\r\n".getBytes(StandardCharsets.UTF_8), options), 400, "no contacts");

        Api.Response contacts = api.get("/api/v1/contacts", token);
        assertThat(contacts.json().get("items")).as("nothing was half-imported").isEmpty();
        assertThat(api.get("/health", null).status()).as("the server stays up").isEqualTo(200);
        long imports = db.inOrg(owner.orgId(), tx -> tx.get("SELECT count(*) AS n FROM contact_import").execute()
                .orElseThrow().column("n").getLong());
        assertThat(imports).isZero();
    }

    @Test
    void badRequestsNameWhatIsWrong() {
        Member owner = registerOrg("Careless shop");
        String token = owner.accessToken();
        byte[] csv = "phone,name,Phone\r\n+4915112340010,Ann,x\r\n".getBytes(StandardCharsets.UTF_8);

        assertRefused(api.post("/api/v1/contacts/import", obj("mapping", obj()), token), 415, "multipart");
        assertRefused(api.multipart("/api/v1/contacts/import", null, null, Map.of("options", "{}"), token), 400, "file");
        assertRefused(api.multipart("/api/v1/contacts/import", "a.csv", csv, Map.of(), token), 400, "options");
        assertRefused(api.multipart("/api/v1/contacts/import", "a.csv", csv, Map.of("options", "{nope"), token), 400, "JSON");

        Api.Response noPhone = upload(token, "a.csv", csv, obj("mapping", obj("name", "name")));
        assertProblem(noPhone, 400);
        assertThat(noPhone.json().get("errors").toString()).contains("options.mapping").contains("phone");
        Api.Response unknown = upload(token, "a.csv", csv, obj("mapping", obj("phone", "phone", "Mobile", "name",
                "name", "favouriteColour"), "onDuplicate", "MERGE", "defaultCountry", "XX"));
        assertProblem(unknown, 400);
        assertThat(unknown.json().get("errors").toString()).contains("options.mapping.Mobile")
                .contains("options.mapping.name").contains("options.onDuplicate").contains("options.defaultCountry");
        Api.Response twice = upload(token, "a.csv", csv, obj("mapping", obj("phone", "phone", "Phone (2)", "phone")));
        assertProblem(twice, 400);
        assertThat(twice.json().get("errors").toString()).contains("another column");
    }

    @Test
    void importsFollowRoleRulesAndStayInTheirOrganisation() {
        Member owner = registerOrg("Guarded imports");
        Member agent = addMember(owner, "AGENT");
        Member stranger = registerOrg("Other imports");
        byte[] csv = "phone\r\n+4915112340020\r\n".getBytes(StandardCharsets.UTF_8);
        JsonNode options = obj("mapping", obj("phone", "phone"));

        assertProblem(api.multipart("/api/v1/contacts/import/preview", "a.csv", csv, Map.of(), agent.accessToken()), 403);
        assertProblem(upload(agent.accessToken(), "a.csv", csv, options), 403);
        assertProblem(api.multipart("/api/v1/contacts/import/preview", "a.csv", csv, Map.of(), null), 401);
        JsonNode done = importAndWait(owner, "a.csv", csv, options);
        long id = done.get("id").asLong();
        assertProblem(api.get("/api/v1/contacts/imports/" + id, agent.accessToken()), 403);
        assertProblem(api.get("/api/v1/contacts/imports/" + id, stranger.accessToken()), 404);
        assertProblem(api.get("/api/v1/contacts/imports/" + id + "/errors.csv", stranger.accessToken()), 404);
        assertProblem(api.get("/api/v1/contacts/imports/nope", owner.accessToken()), 404);
        assertThat(api.get("/api/v1/contacts", stranger.accessToken()).json().get("items")).isEmpty();
    }

    private JsonNode importAndWait(Member member, String filename, byte[] file, JsonNode options) {
        Api.Response started = upload(member.accessToken(), filename, file, options);
        assertThat(started.status()).as(started.toString()).isEqualTo(202);
        assertThat(started.header("Location")).endsWith("/imports/" + started.json().get("id").asLong());
        String path = "/api/v1/contacts/imports/" + started.json().get("id").asLong();
        JsonNode[] last = new JsonNode[1];
        Eventually.await("the import finished", Duration.ofSeconds(60), () -> {
            last[0] = api.get(path, member.accessToken()).json();
            return !last[0].get("status").asText().equals("RUNNING");
        });
        return last[0];
    }

    private Api.Response upload(String token, String filename, byte[] file, JsonNode options) {
        return api.multipart("/api/v1/contacts/import", filename, file, Map.of("options", options.toString()), token);
    }

    private JsonNode contact(Member member, String phone) {
        JsonNode items = api.get("/api/v1/contacts?q=" + phone.substring(1), member.accessToken()).json().get("items");
        assertThat(items).as("contact " + phone).hasSize(1);
        return items.get(0);
    }

    private static void assertRefused(Api.Response res, int status, String detailContains) {
        assertProblem(res, status);
        assertThat(res.json().toString()).as(res.toString()).containsIgnoringCase(detailContains);
    }

    /** A real workbook whose sheet is replaced by 60 MB of one repeated row, packed to a few dozen KB. */
    private static byte[] zipBomb() throws IOException {
        byte[] workbook;
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            book.createSheet("S").createRow(0).createCell(0).setCellValue("phone");
            book.write(out);
            workbook = out.toByteArray();
        }
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(workbook)); ZipOutputStream out = new ZipOutputStream(bomb)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals("xl/worksheets/sheet1.xml")) {
                    out.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/"
                            + "spreadsheetml/2006/main\"><sheetData>").getBytes(StandardCharsets.UTF_8));
                    byte[] row = "<row><c t=\"inlineStr\"><is><t>+4915112340000</t></is></c></row>".getBytes(StandardCharsets.UTF_8);
                    for (int i = 0; i < 60 * 1024 * 1024 / row.length; i++) {
                        out.write(row);
                    }
                    out.write("</sheetData></worksheet>".getBytes(StandardCharsets.UTF_8));
                } else {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return bomb.toByteArray();
    }

    private static byte[] zipOf(String name, byte[] content) throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry(name));
            out.write(content);
            out.closeEntry();
        }
        return zip.toByteArray();
    }

    private static byte[] encode(String text, Charset charset, boolean bom) {
        byte[] body = text.getBytes(charset);
        byte[] mark = !bom ? new byte[0] : charset.equals(StandardCharsets.UTF_8) ? new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}
                : charset.equals(StandardCharsets.UTF_16LE) ? new byte[]{(byte) 0xFF, (byte) 0xFE} : new byte[]{(byte) 0xFE, (byte) 0xFF};
        byte[] all = new byte[mark.length + body.length];
        System.arraycopy(mark, 0, all, 0, mark.length);
        System.arraycopy(body, 0, all, mark.length, body.length);
        return all;
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<CSVRecord> parse(String body) throws IOException {
        try (CSVParser parser = CSVParser.parse(new StringReader(body.replace("\uFEFF", "")), CSVFormat.DEFAULT)) {
            return parser.getRecords();
        }
    }
}
