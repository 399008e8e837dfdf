package io.parley.server.channel;

import io.parley.server.testing.Api;
import io.parley.server.testing.Eventually;
import io.parley.server.testing.MetaDelivery;
import io.parley.server.testing.ServerProcess;
import io.parley.server.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server is killed with SIGKILL while webhooks pour in, each retried the way Meta retries
 * (until a 200). After a restart every message is stored exactly once: none lost with the killed
 * process, none twice from the retries of deliveries it had stored but not yet answered.
 */
class WebhookCrashTest {
    private static final int MESSAGES = 1_500;
    private static final int SENDERS = 16;
    private static final String SECRET = "crash test app secret";

    @Test
    void everyMessageIsStoredExactlyOnceAcrossAKill(@TempDir Path dir) throws Exception {
        try (TestDatabases.TestDatabase database = TestDatabases.create("WebhookCrash")) {
            int port = ServerProcess.freePort();
            Path log = Path.of("target", getClass().getSimpleName() + "-server.log");
            java.nio.file.Files.deleteIfExists(log);
            ServerProcess server = ServerProcess.start(database.url(), port, dir, log, List.of(), Map.of())
                    .awaitHealthy(Duration.ofSeconds(60));
            try {
                Api api = new Api(port);
                Api.Response owner = api.post("/api/v1/auth/register", obj("orgName", "Crash", "name", "Owner",
                        "email", "crash@example.com", "password", "crash test password"), null);
                long orgId = owner.json().path("org").path("id").asLong();
                String phoneNumberId = "1066" + System.nanoTime() % 100_000_000L;
                assertThat(api.post("/api/v1/channels", obj("name", "Crash", "provider", "cloud", "phoneNumberId", phoneNumberId,
                        "wabaId", "1", "accessToken", "EAAB", "appSecret", SECRET, "verifyToken", "v"),
                        owner.json().get("accessToken").asText()).status()).isEqualTo(201);

                MetaDelivery meta = new MetaDelivery(port, SECRET, Duration.ofSeconds(90));
                AtomicInteger next = new AtomicInteger();
                AtomicInteger acknowledged = new AtomicInteger();
                List<Future<?>> senders;
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    senders = java.util.stream.IntStream.range(0, SENDERS).<Future<?>>mapToObj(s -> pool.submit(() -> {
                        for (int n = next.getAndIncrement(); n < MESSAGES; n = next.getAndIncrement()) {
                            String waId = Long.toString(4917000000000L + n % 300);
                            meta.deliver(MetaDelivery.textMessage(phoneNumberId, waId, "wamid.crash." + n, "Message " + n));
                            acknowledged.incrementAndGet();
                        }
                        return null;
                    })).toList();

                    Eventually.await("a third acknowledged", Duration.ofSeconds(60), () -> acknowledged.get() >= MESSAGES / 3);
                    server.kill();
                    int atKill = acknowledged.get();
                    server = ServerProcess.start(database.url(), port, dir, log, List.of(), Map.of())
                            .awaitHealthy(Duration.ofSeconds(60));
                    for (Future<?> sender : senders) {
                        sender.get();
                    }
                    assertThat(atKill).as("the kill came mid-load").isLessThan(MESSAGES);
                }
                assertThat(meta.failedAttempts()).as("deliveries were refused or cut while the server was down").isPositive();

                Map<String, Long> stored = database.db().inOrg(orgId, tx -> {
                    var row = tx.get("SELECT count(*) AS messages, count(DISTINCT wamid) AS wamids,"
                            + " (SELECT count(*) FROM event WHERE type = 'message.created') AS created_events,"
                            + " (SELECT count(*) FROM conversation WHERE last_message_at IS NULL) AS untouched"
                            + " FROM message WHERE direction = 'IN' AND wamid LIKE 'wamid.crash.%'").execute().orElseThrow();
                    return Map.of("messages", row.column("messages").getLong(), "wamids", row.column("wamids").getLong(),
                            "created_events", row.column("created_events").getLong(), "untouched", row.column("untouched").getLong());
                });
                assertThat(stored).containsEntry("messages", (long) MESSAGES).containsEntry("wamids", (long) MESSAGES)
                        .as("each message announced once, and no conversation without its message")
                        .containsEntry("created_events", (long) MESSAGES).containsEntry("untouched", 0L);
            } finally {
                server.close();
            }
        }
    }
}
