package io.parley.server.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.server.testing.Api;
import io.parley.server.testing.FakeGraphApi;
import io.parley.server.testing.ServerProcess;
import io.parley.server.testing.TestDatabases;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.parley.server.testing.Api.obj;

/**
 * The server benchmark: a fresh database, the server in its own process, the load generator
 * ({@link WebhookLoad}) in another, all on loopback. Writes {@code target/bench/results.json} and
 * prints a table. Figures, not assertions: {@code mvn -pl server -am -Pbench -DskipTests verify}.
 */
public final class ServerBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Enough for the JIT to have compiled the webhook path before anything is measured. */
    private static final int WARMUP_MESSAGES = 10_000;
    private static final int INGEST_MESSAGES = 20_000;
    private static final int INGEST_WORKERS = 64;
    private static final int ACK_RATE = 1_000;
    private static final int ACK_SECONDS = 10;
    private static final int RAW_ROWS = 50_000;
    private static final int SSE_RATE = 200;
    private static final int SSE_SECONDS = 10;
    private static final int SSE_CLIENTS = 200;
    private static final int BIG_CONVERSATIONS = 100_000;
    private static final int BIG_MESSAGES_EACH = 10;
    private static final int READS = 1_000;
    private static final int SENDS = 20_000;
    private static final int SEND_WARMUP = 20_000;
    private static final int SEND_TIER = 1_000;
    /** Twenty seconds of work at the tier; a slower sender is measured on what it managed by then. */
    private static final Duration SEND_DEADLINE = Duration.ofSeconds(120);

    private final Path out;
    private final Map<String, Object> results = new LinkedHashMap<>();

    private ServerBenchmark(Path out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of("target", "bench");
        Files.createDirectories(out);
        new ServerBenchmark(out).run();
        System.exit(0);
    }

    private void run() throws Exception {
        try (TestDatabases.TestDatabase db = TestDatabases.create("ServerBenchmark")) {
            int port = ServerProcess.freePort();
            List<String> jvm = new ArrayList<>();
            if (System.getenv("BENCH_JFR") != null) {
                // For profiling a missed goal: a flight recording of the server for the whole run.
                jvm.add("-XX:StartFlightRecording=settings=profile,filename=" + out.resolve("server.jfr").toAbsolutePath());
            }
            if (System.getenv("BENCH_SERVER_OPTS") != null) {
                // Any other JVM option for the server, such as a profiler agent.
                jvm.addAll(List.of(System.getenv("BENCH_SERVER_OPTS").trim().split("\\s+")));
            }
            Path log = out.resolve("server.log");
            Files.deleteIfExists(log);
            try (ServerProcess server = ServerProcess.start(db.url(), port, Files.createTempDirectory("parley-bench-server"),
                    log, jvm, Map.of())) {
                server.awaitHealthy(Duration.ofSeconds(60));
                Api api = new Api(port);
                Api.Response owner = api.post("/api/v1/auth/register", obj("orgName", "Benchmark", "name", "Bench Owner",
                        "email", "bench-" + UUID.randomUUID() + "@example.com", "password", "benchmark password"), null);
                String token = owner.json().get("accessToken").asText();
                String phoneNumberId = Long.toString(100_000_000_000L + new SecureRandom().nextInt(1_000_000_000));
                String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
                Api.Response channel = api.post("/api/v1/channels", obj("name", "Bench number", "provider", "cloud",
                        "phoneNumberId", phoneNumberId, "wabaId", "1", "accessToken", "EAAB", "appSecret", secret,
                        "verifyToken", "bench"), token);
                if (channel.status() != 201) {
                    throw new IllegalStateException("Cannot create the benchmark channel: " + channel);
                }
                String base = "http://127.0.0.1:" + port;

                long[] machineAtStart = CpuTime.machine();
                System.out.println("warming up…");
                load(base, phoneNumberId, secret, "warmup", "closed", Integer.toString(WARMUP_MESSAGES), "32");
                // A running system has planner statistics; a fresh database gets them only when autovacuum comes by,
                // and until then plans flip mid-run (one statement went from 0.08 to 1.4 ms between runs).
                analyze(db.url());
                long expected = WARMUP_MESSAGES;

                if (wanted("ingest")) {
                    double serverCpu = CpuTime.ofProcess(server.pid());
                    double databaseCpu = CpuTime.ofPostgres();
                    ObjectNode ingest = load(base, phoneNumberId, secret, "ingest", "closed",
                            Integer.toString(INGEST_MESSAGES), Integer.toString(INGEST_WORKERS));
                    results.put("webhook_ingest_mps", round(ingest.get("messages_per_s").asDouble()));
                    results.put("webhook_ingest_failures", ingest.get("failures").asInt());
                    if (CpuTime.available()) {
                        results.put("webhook_server_cpu_us_per_msg",
                                round((CpuTime.ofProcess(server.pid()) - serverCpu) * 1e6 / INGEST_MESSAGES));
                        results.put("webhook_db_cpu_us_per_msg",
                                round((CpuTime.ofPostgres() - databaseCpu) * 1e6 / INGEST_MESSAGES));
                    }
                    expected += INGEST_MESSAGES;
                }
                if (wanted("ack")) {
                    ObjectNode ack = load(base, phoneNumberId, secret, "ack", "open",
                            Integer.toString(ACK_RATE), Integer.toString(ACK_SECONDS));
                    results.put("webhook_ack_p50_ms", round(ack.get("p50_ms").asDouble()));
                    results.put("webhook_ack_p99_ms", round(ack.get("p99_ms").asDouble()));
                    results.put("webhook_ack_failures", ack.get("failures").asInt());
                    expected += ack.get("posted").asLong();
                }
                if (wanted("sse")) {
                    // Once measured, the streams stay open and idle: the server's memory at rest with them.
                    ObjectNode sse = load(() -> results.put("server_rss_mb", restingRssMegabytes(server.pid())),
                            base, phoneNumberId, secret, "sse", "sse", Integer.toString(SSE_RATE),
                            Integer.toString(SSE_SECONDS), Integer.toString(SSE_CLIENTS), token);
                    results.put("sse_delivery_p50_ms", round(sse.get("p50_ms").asDouble()));
                    results.put("sse_delivery_p99_ms", round(sse.get("p99_ms").asDouble()));
                    results.put("sse_events_expected", sse.get("expected").asLong());
                    results.put("sse_events_received", sse.get("received").asLong());
                    expected += sse.get("posted").asLong();
                }
                if (wanted("send")) {
                    sendFigures(api, db.url());
                }
                if (wanted("reads")) {
                    System.out.println("loading " + BIG_CONVERSATIONS + " conversations and "
                            + BIG_CONVERSATIONS * BIG_MESSAGES_EACH + " messages…");
                    Api.Response big = api.post("/api/v1/auth/register", obj("orgName", "Big inbox", "name", "Big Owner",
                            "email", "big-" + UUID.randomUUID() + "@example.com", "password", "benchmark password"), null);
                    String bigToken = big.json().get("accessToken").asText();
                    long bigChannel = api.post("/api/v1/channels", obj("name", "Big", "provider", "sandbox"), bigToken)
                            .json().get("id").asLong();
                    long loadStarted = System.nanoTime();
                    List<Long> sample = BigInbox.load(db.url(), big.json().path("org").path("id").asLong(), bigChannel,
                            BIG_CONVERSATIONS, BIG_MESSAGES_EACH);
                    results.put("big_inbox_load_s", round((System.nanoTime() - loadStarted) / 1e9));
                    ObjectNode reads = load(base, phoneNumberId, secret, "reads", "reads", bigToken,
                            sample.stream().map(String::valueOf).collect(Collectors.joining(",")), Integer.toString(READS));
                    results.put("inbox_list_p50_ms", round(reads.get("list_p50_ms").asDouble()));
                    results.put("inbox_list_p99_ms", round(reads.get("list_p99_ms").asDouble()));
                    results.put("conversation_open_p50_ms", round(reads.get("open_p50_ms").asDouble()));
                    results.put("conversation_open_p99_ms", round(reads.get("open_p99_ms").asDouble()));
                }
                if (wanted("crm")) {
                    new CrmBenchmark(api, port, db.url(), server.pid(), results).run();
                }
                // A virtual machine's neighbours can take CPU mid-run; figures from a run with much steal are not comparable.
                results.put("cpu_steal_pct", round(CpuTime.stealPercent(machineAtStart, CpuTime.machine())));
                results.put("messages_expected", expected);
                results.put("messages_stored", storedMessages(db.url(), owner.json().path("org").path("id").asLong()));

                results.put("raw_insert_rows_per_s", round(rawInsertRowsPerSecond(db.url())));
            }
        }
        Files.writeString(out.resolve("results.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results));
        System.out.println();
        System.out.printf("%-28s %14s%n", "figure", "value");
        results.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-28s %14s%n", k, v));
        System.out.println("\nwritten to " + out.resolve("results.json").toAbsolutePath());
    }

    /** BENCH_ONLY=ingest,sse runs just those parts, for profiling one figure; all of them by default. */
    private static boolean wanted(String part) {
        String only = System.getenv("BENCH_ONLY");
        return only == null || only.isBlank() || List.of(only.split(",")).contains(part);
    }

    private ObjectNode load(String base, String phoneNumberId, String secret, String runId, String... mode)
            throws IOException, InterruptedException {
        return load(() -> { }, base, phoneNumberId, secret, runId, mode);
    }

    /** Runs the load generator; {@code onResult} runs as soon as it has printed its result, while it still runs. */
    private ObjectNode load(Runnable onResult, String base, String phoneNumberId, String secret, String runId, String... mode)
            throws IOException, InterruptedException {
        // ZGC: the generator times every request, and a collector's pause here would count as the server's latency.
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-XX:+UseZGC", "-cp", System.getProperty("java.class.path"),
                WebhookLoad.class.getName(), base, phoneNumberId, secret, runId));
        command.addAll(List.of(mode));
        Process generator = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String result = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = generator.inputReader(StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.append(line).append('\n');
                if (result == null && line.startsWith("{")) {
                    result = line;
                    onResult.run();
                }
            }
        }
        if (generator.waitFor() != 0 || result == null) {
            throw new IllegalStateException("The load generator failed: " + output);
        }
        System.out.println(runId + ": " + result);
        return (ObjectNode) JSON.readTree(result);
    }

    /**
     * {@link #SENDS} replies queued at once for a channel on Meta's 1,000 messages/s tier, against a
     * fake Graph API that refuses (130429) whatever goes over it: the rate reached, and the refusals.
     * The webhook warm-up leaves the send path cold (its HTTP client answered in 80 ms, not 12, for
     * the first thousands; the JIT was still compiling it after 5,000 sends), so another
     * organisation's channel sends {@link #SEND_WARMUP} first. Its refusals are counted apart: they
     * show what a cold server does in its first seconds, which the retries then make good.
     */
    private void sendFigures(Api api, String dbUrl) throws Exception {
        try (FakeGraphApi graph = new FakeGraphApi()) {
            graph.messagesPerSecond(SEND_TIER);
            String warmPhone = queueSends(api, dbUrl, graph, "Send warm-up", SEND_WARMUP);
            awaitAccepted(graph, warmPhone, SEND_WARMUP);
            String phone = queueSends(api, dbUrl, graph, "Sender", SENDS);
            System.out.println(SENDS + " replies queued; sending…");
            List<Long> arrivals = awaitAccepted(graph, phone, SENDS).stream().map(FakeGraphApi.Request::atNanos).sorted().toList();
            double seconds = arrivals.size() < 2 ? Double.NaN : (arrivals.getLast() - arrivals.getFirst()) / 1e9;
            results.put("send_target_mps", SEND_TIER);
            results.put("send_achieved_mps", round(arrivals.size() / seconds));
            results.put("send_completed", arrivals.size());
            results.put("send_rate_errors", graph.throttledCount(phone));
            results.put("send_warmup_rate_errors", graph.throttledCount(warmPhone));
            System.out.printf(Locale.ROOT, "send: %d of %d in %.1f s, %d refused with 130429 (warm-up: %d)%n",
                    arrivals.size(), SENDS, seconds, graph.throttledCount(phone), graph.throttledCount(warmPhone));
            System.out.println("send: accepted per second " + perSecond(arrivals));
        }
    }

    /** How many of the arrivals fell into each second from the first: where a send run lost its pace. */
    private static List<Integer> perSecond(List<Long> arrivals) {
        List<Integer> counts = new ArrayList<>();
        for (long at : arrivals) {
            int second = (int) ((at - arrivals.getFirst()) / 1_000_000_000L);
            while (counts.size() <= second) {
                counts.add(0);
            }
            counts.set(second, counts.get(second) + 1);
        }
        return counts;
    }

    /** A new organisation with a tier-1000 channel and {@code count} queued replies; returns its phone number id. */
    private static String queueSends(Api api, String dbUrl, FakeGraphApi graph, String orgName, int count) throws Exception {
        Api.Response owner = api.post("/api/v1/auth/register", obj("orgName", orgName, "name", "Send Owner",
                "email", "send-" + UUID.randomUUID() + "@example.com", "password", "benchmark password"), null);
        String token = owner.json().get("accessToken").asText();
        String phoneNumberId = Long.toString(200_000_000_000L + new SecureRandom().nextInt(1_000_000_000));
        Api.Response channel = api.post("/api/v1/channels", obj("name", "Tier 1000", "provider", "cloud",
                "phoneNumberId", phoneNumberId, "wabaId", "2", "accessToken", "EAAG-test", "appSecret", "send secret",
                "verifyToken", "send", "graphBaseUrl", graph.baseUrl(), "messagesPerSecond", SEND_TIER), token);
        BulkSends.queue(dbUrl, owner.json().path("org").path("id").asLong(), channel.json().get("id").asLong(), count);
        return phoneNumberId;
    }

    /** The sends from the phone number the fake accepted, once there are {@code count} or the deadline passed. */
    private static List<FakeGraphApi.Request> awaitAccepted(FakeGraphApi graph, String phoneNumberId, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + SEND_DEADLINE.toNanos();
        List<FakeGraphApi.Request> accepted = List.of();
        while (accepted.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(200);
            accepted = graph.accepted().stream().filter(r -> r.path().endsWith("/" + phoneNumberId + "/messages")).toList();
        }
        return accepted;
    }

    /** Resident memory a few seconds into the rest, from {@code /proc/<pid>/status}. */
    private static double restingRssMegabytes(long pid) {
        try {
            Thread.sleep(WebhookLoad.REST_WITH_STREAMS.dividedBy(2).toMillis());
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(line -> line.startsWith("VmRSS:")).findFirst()
                    .map(line -> round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0)).orElse(-1.0);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void analyze(String dbUrl) throws SQLException {
        try (Connection c = DriverManager.getConnection(dbUrl, TestDatabases.user(), TestDatabases.password());
             Statement s = c.createStatement()) {
            s.execute("ANALYZE");
        }
    }

    private static long storedMessages(String dbUrl, long orgId) throws SQLException {
        try (Connection c = DriverManager.getConnection(dbUrl, TestDatabases.user(), TestDatabases.password());
             PreparedStatement tenant = c.prepareStatement("SELECT set_config('app.org_id', ?, false)");
             PreparedStatement count = c.prepareStatement("SELECT count(*) FROM message WHERE direction = 'IN'")) {
            // Row-level security shows a session only the organisation it names.
            tenant.setString(1, Long.toString(orgId));
            tenant.execute();
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The physical reference: the same kind of rows, straight through JDBC batches, no HTTP or parsing. */
    private static double rawInsertRowsPerSecond(String dbUrl) throws SQLException {
        try (Connection c = DriverManager.getConnection(dbUrl + (dbUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true",
                TestDatabases.user(), TestDatabases.password())) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE raw_message (LIKE message INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING INDEXES)");
            }
            c.setAutoCommit(false);
            long started = System.nanoTime();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO raw_message (org_id, conversation_id, direction,"
                    + " type, text, status, wamid, raw) VALUES (1, ?, 'IN', 'text', ?, 'RECEIVED', ?, CAST(? AS jsonb))")) {
                for (int i = 0; i < RAW_ROWS; i++) {
                    insert.setLong(1, i % 5_000);
                    insert.setString(2, "Hello, where is my order " + i + "?");
                    insert.setString(3, "wamid.raw." + i);
                    insert.setString(4, "{\"from\":\"49151" + i + "\",\"type\":\"text\"}");
                    insert.addBatch();
                    if (i % 500 == 499) {
                        insert.executeBatch();
                        c.commit();
                    }
                }
                insert.executeBatch();
                c.commit();
            }
            return RAW_ROWS / ((System.nanoTime() - started) / 1e9);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
