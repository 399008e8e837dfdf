package io.parley.server.event;

import io.parley.server.ParleyServer;
import io.parley.server.platform.config.ParleyConfig;
import io.parley.server.platform.db.Database;
import io.parley.server.testing.Api;
import io.parley.server.testing.Eventually;
import io.parley.server.testing.MetaDelivery;
import io.parley.server.testing.MutableClock;
import io.parley.server.testing.SseClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL restarts under an open event stream (a real restart of a real server, on its own
 * embedded cluster so no other test is disturbed): the stream stays up, the listener reconnects,
 * and what is committed after the restart arrives without the client doing anything. While the
 * database is down, requests get 503 with Retry-After (so Meta retries its webhooks).
 */
class DatabaseRestartTest {
    private static final int LOAD_MESSAGES = 600;
    private static final Pattern WAMID = Pattern.compile("wamid\\.restart\\.\\d+");

    @Test
    void anOpenStreamSurvivesADatabaseRestartAndMissesNothing(@TempDir Path dir) throws Exception {
        int port = freePort();
        EmbeddedPostgres postgres = start(dir, port);
        try {
            createAppRole(postgres);
            String url = "jdbc:postgresql://127.0.0.1:" + port + "/parley";
            ParleyConfig config = config(dir, url, 4);
            try (Database db = Database.connect(url, "parley", "parley", config.dbPoolSize())) {
                db.migrate();
                try (ParleyServer server = ParleyServer.start(config, db, MutableClock.atNow())) {
                    Api api = new Api(server.port());
                    String token = api.post("/api/v1/auth/register", obj("orgName", "Restart", "name", "R",
                            "email", "restart@example.com", "password", "0123456789"), null).json().get("accessToken").asText();
                    long channel = api.post("/api/v1/channels", obj("name", "S", "provider", "sandbox"), token)
                            .json().get("id").asLong();
                    try (SseClient stream = SseClient.connect(server.port(), token, null)) {
                        api.post("/api/v1/sandbox/" + channel + "/inbound", obj("from", "+4915112342001", "text", "before"), token);
                        stream.until(e -> e.data().contains("before"), Duration.ofSeconds(10));

                        postgres.close();
                        Api.Response down = api.post("/api/v1/sandbox/" + channel + "/inbound",
                                obj("from", "+4915112342001", "text", "while down"), token);
                        assertThat(down.status()).as(down.toString()).isEqualTo(503);
                        assertThat(down.header("Retry-After")).isEqualTo("5");
                        assertThat(down.json().get("detail").asText()).contains("cannot reach its database");
                        postgres = start(dir, port);

                        Eventually.await("the API answers again", Duration.ofSeconds(30), () ->
                                api.post("/api/v1/sandbox/" + channel + "/inbound",
                                        obj("from", "+4915112342001", "text", "after the restart"), token).status() == 201);
                        stream.until(e -> e.data().contains("after the restart"), Duration.ofSeconds(20));
                    }
                }
            }
        } finally {
            postgres.close();
        }
        assertThat(dir.resolve("pg").toFile().exists()).isTrue();
    }

    /**
     * Under webhook load: deliveries get non-200 while the database is away (so Meta retries them),
     * the server recovers by itself, every message is stored once, and an open stream carries on
     * with every event id in order — no gap where the restart was.
     */
    @Test
    void underWebhookLoadNothingIsLostAndTheStreamHasNoGap(@TempDir Path dir) throws Exception {
        int pgPort = freePort();
        EmbeddedPostgres postgres = start(dir, pgPort);
        try {
            createAppRole(postgres);
            String url = "jdbc:postgresql://127.0.0.1:" + pgPort + "/parley";
            ParleyConfig config = config(dir, url, 8);
            try (Database db = Database.connect(url, "parley", "parley", config.dbPoolSize())) {
                db.migrate();
                try (ParleyServer server = ParleyServer.start(config, db, MutableClock.atNow())) {
                    Api api = new Api(server.port());
                    Api.Response owner = api.post("/api/v1/auth/register", obj("orgName", "Restart load", "name", "R",
                            "email", "restart-load@example.com", "password", "0123456789"), null);
                    String token = owner.json().get("accessToken").asText();
                    long orgId = owner.json().path("org").path("id").asLong();
                    String phoneNumberId = "7700" + System.nanoTime() % 1_000_000L;
                    assertThat(api.post("/api/v1/channels", obj("name", "Load", "provider", "cloud", "phoneNumberId",
                            phoneNumberId, "wabaId", "1", "accessToken", "EAAB", "appSecret", "restart secret",
                            "verifyToken", "v"), token).status()).isEqualTo(201);

                    MetaDelivery meta = new MetaDelivery(server.port(), "restart secret", Duration.ofSeconds(90));
                    AtomicInteger next = new AtomicInteger();
                    AtomicInteger acknowledged = new AtomicInteger();
                    try (SseClient stream = SseClient.connect(server.port(), token, null)) {
                        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                            List<Future<?>> senders = IntStream.range(0, 8).<Future<?>>mapToObj(s -> pool.submit(() -> {
                                for (int n = next.getAndIncrement(); n < LOAD_MESSAGES; n = next.getAndIncrement()) {
                                    meta.deliver(MetaDelivery.textMessage(phoneNumberId, Long.toString(4917100000000L + n % 50),
                                            "wamid.restart." + n, "Message " + n));
                                    acknowledged.incrementAndGet();
                                    Thread.sleep(10);
                                }
                                return null;
                            })).toList();
                            Eventually.await("a quarter acknowledged", Duration.ofSeconds(60),
                                    () -> acknowledged.get() >= LOAD_MESSAGES / 4);
                            postgres.close();
                            Thread.sleep(2_000);
                            postgres = start(dir, pgPort);
                            for (Future<?> sender : senders) {
                                sender.get();
                            }
                        }
                        assertThat(meta.failedAttempts()).as("deliveries answered non-200 while the database was down").isPositive();

                        List<SseClient.Event> events = new ArrayList<>();
                        Set<String> announced = new HashSet<>();
                        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                        while (announced.size() < LOAD_MESSAGES && System.nanoTime() < deadline) {
                            SseClient.Event e = stream.next(Duration.ofSeconds(1));
                            if (e != null && e.id() != null) {
                                events.add(e);
                                Matcher wamid = WAMID.matcher(e.data());
                                if ("message.created".equals(e.type()) && wamid.find()) {
                                    assertThat(announced.add(wamid.group())).as("announced once: " + wamid.group()).isTrue();
                                }
                            }
                        }
                        assertThat(announced).hasSize(LOAD_MESSAGES);
                        List<Long> ids = events.stream().map(SseClient.Event::id).toList();
                        for (int i = 1; i < ids.size(); i++) {
                            assertThat(ids.get(i)).as("event after " + ids.get(i - 1)).isEqualTo(ids.get(i - 1) + 1);
                        }
                    }
                    long stored = db.inOrg(orgId, tx -> tx.get("SELECT count(DISTINCT wamid) AS n FROM message"
                            + " WHERE wamid LIKE 'wamid.restart.%'").execute().orElseThrow().column("n").getLong());
                    assertThat(stored).isEqualTo(LOAD_MESSAGES);
                }
            }
        } finally {
            postgres.close();
        }
    }

    private static ParleyConfig config(Path dir, String url, int poolSize) {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        return new ParleyConfig("127.0.0.1", 0, url, "parley", "parley", poolSize, dir, dir.resolve("media"),
                key, key, "text", Duration.ofSeconds(1), false, ParleyConfig.DEFAULT_JOB_LEASE, ParleyConfig.DEFAULT_SEND_RECONCILE);
    }

    private static EmbeddedPostgres start(Path dir, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(dir.resolve("pg-runtime").toFile()).setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1").start();
    }

    private static void createAppRole(EmbeddedPostgres postgres) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE parley LOGIN PASSWORD 'parley' NOSUPERUSER NOBYPASSRLS");
            s.execute("CREATE DATABASE parley OWNER parley");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
