package io.parley.server.crm;

import io.parley.server.testing.Api;
import io.parley.server.testing.ServerTestSupport;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/contacts/export}: the list's filters as CSV, custom fields as columns, formulas defused. */
class ContactExportTest extends ServerTestSupport {

    @Test
    void theExportHoldsWhatTheFiltersSelectWithFormulasWrittenAsText() throws IOException {
        Member owner = registerOrg("Export shop");
        Member supervisor = addMember(owner, "SUPERVISOR");
        Member agent = addMember(owner, "AGENT");
        api.post("/api/v1/custom-fields", obj("key", "company", "label", "Company", "type", "TEXT"), owner.accessToken());
        contact(owner, "=HYPERLINK(\"http://evil\",\"click\")", "+4915112348001", List.of("vip"), Map.of("company", "@SUM(A1)"));
        contact(owner, "Zoë Quote, \"Jr\"", "+4915112348002", List.of("vip", "late"), Map.of("company", "Acme; Ltd"));
        contact(owner, "Not exported", "+4915112348003", List.of(), Map.of());

        assertProblem(api.get("/api/v1/contacts/export", agent.accessToken()), 403);
        Api.Response res = api.get("/api/v1/contacts/export?tag=vip", supervisor.accessToken());
        assertThat(res.status()).as(res.toString()).isEqualTo(200);
        assertThat(res.contentType()).startsWith("text/csv");
        assertThat(res.header("Content-Disposition")).contains("attachment").contains(".csv");
        assertThat(res.body()).startsWith("\uFEFF");

        List<CSVRecord> rows = parse(res.body());
        assertThat(rows.getFirst().toList()).containsExactly("id", "name", "phone", "email", "tags", "stage", "owner",
                "optedOut", "aiEnabled", "source", "createdAt", "lastSeenAt", "lastInboundAt", "Company");
        assertThat(rows).hasSize(3);
        CSVRecord evil = rows.get(1);
        assertThat(evil.get(1)).isEqualTo("'=HYPERLINK(\"http://evil\",\"click\")");
        assertThat(evil.get(2)).isEqualTo("'+4915112348001");
        assertThat(evil.get(13)).isEqualTo("'@SUM(A1)");
        CSVRecord quoted = rows.get(2);
        assertThat(quoted.get(1)).isEqualTo("Zoë Quote, \"Jr\"");
        assertThat(quoted.get(4)).isEqualTo("late; vip");
        assertThat(quoted.get(13)).isEqualTo("Acme; Ltd");

        assertThat(parse(api.get("/api/v1/contacts/export?q=zoe", owner.accessToken()).body())).hasSize(2);
        String chosen = evil.get(0);
        List<CSVRecord> selection = parse(api.get("/api/v1/contacts/export?id=" + chosen, owner.accessToken()).body());
        assertThat(selection).as("just the chosen contact").hasSize(2);
        assertThat(selection.get(1).get(0)).isEqualTo(chosen);
        assertProblem(api.get("/api/v1/contacts/export?id=x", owner.accessToken()), 400);
        Member stranger = registerOrg("Export stranger");
        assertThat(parse(api.get("/api/v1/contacts/export", stranger.accessToken()).body())).as("just the header").hasSize(1);
        assertProblem(api.get("/api/v1/contacts/export?segmentId=x", owner.accessToken()), 400);
    }

    private void contact(Member owner, String name, String phone, List<String> tags, Map<String, Object> fields) {
        Api.Response res = api.post("/api/v1/contacts", obj("name", name, "phone", phone, "tags", tags, "customFields", fields),
                owner.accessToken());
        assertThat(res.status()).as(res.toString()).isEqualTo(201);
    }

    private static List<CSVRecord> parse(String body) throws IOException {
        try (CSVParser parser = CSVParser.parse(new StringReader(body.replace("\uFEFF", "")), CSVFormat.DEFAULT)) {
            return parser.getRecords();
        }
    }
}
