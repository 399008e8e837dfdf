package io.parley.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.server.testing.Api;
import io.parley.server.testing.TestDatabases;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.parley.server.testing.Api.obj;

/**
 * The CRM figures: a 100,000-row CSV imported end to end (wall time and CPU per row, against COPY
 * of the same file into a bare table measured in the same run), the contact list's first page and
 * a segment count with 1,000,000 contacts and 50 custom fields in use, and the server's memory
 * while it streams exports of 10,000 and 100,000 contacts (constant memory: the two grow alike).
 */
final class CrmBenchmark {
    private static final int IMPORT_ROWS = 100_000;
    private static final int BIG_CONTACTS = 1_000_000;
    private static final int FIELDS = 50;
    private static final int FIELDS_EACH = 10;
    private static final int READS = 500;

    private final Api api;
    private final int port;
    private final String dbUrl;
    private final long serverPid;
    private final Map<String, Object> results;
    private final HttpClient http = HttpClient.newHttpClient();

    CrmBenchmark(Api api, int port, String dbUrl, long serverPid, Map<String, Object> results) {
        this.api = api;
        this.port = port;
        this.dbUrl = dbUrl;
        this.serverPid = serverPid;
        this.results = results;
    }

    void run() throws Exception {
        JsonNode owner = api.post("/api/v1/auth/register", obj("orgName", "CRM bench", "name", "CRM Owner",
                "email", "crm-" + UUID.randomUUID() + "@example.com", "password", "benchmark password"), null).json();
        String token = owner.get("accessToken").asText();
        long orgId = owner.path("org").path("id").asLong();
        for (int i = 0; i < FIELDS; i++) {
            String type = switch (i % 5) {
                case 0 -> "NUMBER";
                case 1 -> "DATE";
                case 2 -> "BOOLEAN";
                default -> "TEXT";
            };
            check(api.post("/api/v1/custom-fields", obj("key", "f" + i, "label", "Field " + i, "type", type), token), 201);
        }
        importFigures(token);
        loadContacts(orgId);
        readFigures(token);
        exportFigures(token);
    }

    /** The 100k-row import, end to end, and COPY of the same rows as the reference. */
    private void importFigures(String token) throws Exception {
        StringBuilder csv = new StringBuilder("Phone,Name,Email,Tags,Field 3,Field 0\n");
        for (int i = 0; i < IMPORT_ROWS; i++) {
            csv.append("+49152").append(10_000_000 + i).append(",Imported person ").append(i).append(",person").append(i)
                    .append("@example.com,").append(i % 20 == 0 ? "\"vip, fair\"" : "fair").append(",City ").append(i % 50)
                    .append(',').append(i % 1000).append('\n');
        }
        byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);
        String options = obj("mapping", obj("Phone", "phone", "Name", "name", "Email", "email", "Tags", "tags",
                "Field 3", "customFields.f3", "Field 0", "customFields.f0"), "onDuplicate", "SKIP",
                "addTags", List.of("bench-import")).toString();
        System.out.println("importing " + IMPORT_ROWS + " contacts…");
        double serverCpu = CpuTime.ofProcess(serverPid);
        double databaseCpu = CpuTime.ofPostgres();
        long started = System.nanoTime();
        Api.Response accepted = api.multipart("/api/v1/contacts/import", "bench.csv", file, Map.of("options", options), token);
        check(accepted, 202);
        String path = "/api/v1/contacts/imports/" + accepted.json().get("id").asLong();
        JsonNode status;
        do {
            Thread.sleep(50);
            status = api.get(path, token).json();
        } while (status.get("status").asText().equals("RUNNING"));
        double seconds = (System.nanoTime() - started) / 1e9;
        if (!status.get("status").asText().equals("DONE") || status.get("created").asInt() != IMPORT_ROWS) {
            throw new IllegalStateException("The import did not create every row: " + status);
        }
        results.put("crm_import_100k_s", ServerBenchmark.round(seconds));
        results.put("crm_import_rows_per_s", ServerBenchmark.round(IMPORT_ROWS / seconds));
        if (CpuTime.available()) {
            results.put("crm_import_server_cpu_us_per_row",
                    ServerBenchmark.round((CpuTime.ofProcess(serverPid) - serverCpu) * 1e6 / IMPORT_ROWS));
            results.put("crm_import_db_cpu_us_per_row",
                    ServerBenchmark.round((CpuTime.ofPostgres() - databaseCpu) * 1e6 / IMPORT_ROWS));
        }
        double copySeconds = copyReference(csv.toString());
        results.put("crm_import_copy_reference_s", ServerBenchmark.round(copySeconds));
        results.put("crm_import_vs_copy_ratio", ServerBenchmark.round(seconds / copySeconds));
    }

    /** COPY of the same CSV into a bare unlogged table: the floor any import of it stands on. */
    private double copyReference(String csv) throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(dbUrl, TestDatabases.user(), TestDatabases.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE copy_reference (phone text, name text, email text, tags text, city text, n text)");
            long started = System.nanoTime();
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY copy_reference FROM STDIN (FORMAT csv, HEADER true)",
                    new StringReader(csv));
            return (System.nanoTime() - started) / 1e9;
        }
    }

    /** A million contacts, each with ten of the fifty custom fields set, a stage, and tags on a tenth of them. */
    private void loadContacts(long orgId) throws SQLException {
        System.out.println("loading " + BIG_CONTACTS + " contacts with " + FIELDS + " custom fields…");
        long started = System.nanoTime();
        try (Connection c = DriverManager.getConnection(dbUrl, TestDatabases.user(), TestDatabases.password())) {
            c.setAutoCommit(false);
            try (PreparedStatement tenant = c.prepareStatement("SELECT set_config('app.org_id', ?, true)");
                 Statement s = c.createStatement()) {
                tenant.setString(1, Long.toString(orgId));
                tenant.execute();
                StringBuilder fields = new StringBuilder("jsonb_build_object(");
                for (int k = 0; k < FIELDS_EACH; k++) {
                    // Each contact sets ten fields, which ten depending on its number: all fifty are in use.
                    String key = "'f' || ((n + " + k * 5 + ") % " + FIELDS + ")";
                    fields.append(k == 0 ? "" : ", ").append(key).append(", 'v' || (n % 97)");
                }
                fields.append(")");
                s.execute("INSERT INTO contact (org_id, wa_id, phone, name, email, stage_id, custom_fields, source, search_text,"
                        + " created_at, last_seen_at)"
                        + " SELECT " + orgId + ", (4916000000000 + n)::text, '+' || (4916000000000 + n)::text, 'Customer ' || n,"
                        + " 'customer' || n || '@example.com',"
                        + " (SELECT id FROM stage WHERE org_id = " + orgId + " ORDER BY position OFFSET (n % 5) LIMIT 1),"
                        + " " + fields + ", 'IMPORT', 'customer ' || n || ' 4916' || n,"
                        + " now() - (n % 400) * interval '1 day', now() - (n % 90) * interval '1 day'"
                        + " FROM generate_series(1, " + BIG_CONTACTS + ") AS n");
                s.execute("INSERT INTO tag (org_id, name, color) VALUES (" + orgId + ", 'gold', '#d4a017') ON CONFLICT DO NOTHING");
                s.execute("INSERT INTO contact_tag (org_id, contact_id, tag_id)"
                        + " SELECT c.org_id, c.id, t.id FROM contact c JOIN tag t ON t.org_id = c.org_id AND t.name = 'gold'"
                        + " WHERE c.org_id = " + orgId + " AND c.id % 10 = 0");
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE contact, contact_tag, tag, stage");
            }
        }
        results.put("crm_big_load_s", ServerBenchmark.round((System.nanoTime() - started) / 1e9));
    }

    /** p50/p99 of the first page (plain, and by tag and stage) and of a saved segment's count. */
    private void readFigures(String token) throws Exception {
        long stage = api.get("/api/v1/stages", token).json().get("items").get(1).get("id").asLong();
        JsonNode segment = check(api.post("/api/v1/segments", obj("name", "Gold customers seen lately", "filter",
                obj("match", "all", "conditions", List.of(obj("field", "tag", "op", "has", "value", "gold"),
                        obj("field", "lastSeenAt", "op", "withinDays", "value", 30),
                        obj("field", "customFields.f8", "op", "eq", "value", "v7")))), token), 201).json();
        String segmentPath = "/api/v1/segments/" + segment.get("id").asLong();
        JsonNode broad = check(api.post("/api/v1/segments", obj("name", "All gold customers", "filter",
                obj("match", "all", "conditions", List.of(obj("field", "tag", "op", "has", "value", "gold")))), token), 201).json();
        String broadPath = "/api/v1/segments/" + broad.get("id").asLong();
        timed("crm_list_first_page", "/api/v1/contacts?limit=50", token);
        timed("crm_list_search_page", "/api/v1/contacts?limit=50&q=customer%20777", token);
        timed("crm_list_tag_stage_page", "/api/v1/contacts?limit=50&tag=gold&stageId=" + stage, token);
        timed("crm_segment_count", segmentPath, token);
        results.put("crm_segment_contacts", api.get(segmentPath, token).json().get("contactCount").asLong());
        timed("crm_broad_segment_count", broadPath, token);
        results.put("crm_broad_segment_contacts", api.get(broadPath, token).json().get("contactCount").asLong());
    }

    private void timed(String name, String path, String token) throws Exception {
        for (int i = 0; i < 50; i++) {
            get(path, token);
        }
        long[] latencies = new long[READS];
        for (int i = 0; i < READS; i++) {
            long started = System.nanoTime();
            get(path, token);
            latencies[i] = System.nanoTime() - started;
        }
        Arrays.sort(latencies);
        results.put(name + "_p50_ms", ServerBenchmark.round(latencies[READS / 2] / 1e6));
        results.put(name + "_p99_ms", ServerBenchmark.round(latencies[(int) (READS * 0.99)] / 1e6));
    }

    private void get(String path, String token) throws Exception {
        HttpResponse<Void> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding());
        if (res.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + res.statusCode());
        }
    }

    /** The server's resident memory growth while it streams an export, for 10k and 100k contacts. */
    private void exportFigures(String token) throws Exception {
        results.put("crm_export_10k_rss_growth_mb", exportGrowth("/api/v1/contacts/export?tag=vip", token));
        results.put("crm_export_100k_rss_growth_mb", exportGrowth("/api/v1/contacts/export?tag=bench-import", token));
        results.put("crm_export_all_1_1m_rss_growth_mb", exportGrowth("/api/v1/contacts/export?optedOut=false", token));
    }

    private double exportGrowth(String path, String token) throws Exception {
        System.gc();
        long before = rssKilobytes();
        AtomicLong peak = new AtomicLong(before);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                peak.accumulateAndGet(rssKilobytes(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long bytes = 0;
        long started = System.nanoTime();
        HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = res.body()) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                bytes += n;
            }
        }
        running.set(false);
        sampler.join();
        String label = path.substring(path.indexOf('?') + 1);
        results.put("crm_export_" + label.replaceAll("[^a-z0-9]+", "_") + "_mb", ServerBenchmark.round(bytes / 1e6));
        results.put("crm_export_" + label.replaceAll("[^a-z0-9]+", "_") + "_s", ServerBenchmark.round((System.nanoTime() - started) / 1e9));
        return ServerBenchmark.round((peak.get() - before) / 1024.0);
    }

    private long rssKilobytes() {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(serverPid), "status")).stream()
                    .filter(line -> line.startsWith("VmRSS:")).findFirst()
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }

    private static Api.Response check(Api.Response res, int status) {
        if (res.status() != status) {
            throw new IllegalStateException("Expected " + status + ": " + res);
        }
        return res;
    }
}
