package io.parley.server.platform.db;

import io.parley.server.testing.Api;
import io.parley.server.testing.Eventually;
import io.parley.server.testing.MetaDelivery;
import io.parley.server.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run path as an office runs it — the server on its embedded PostgreSQL — loses its database's
 * postmaster to SIGKILL in the middle of webhook ingest, then the server dies too. After a restart,
 * every webhook that was answered 200 is in the database: Meta never resends those. (With the
 * embedding library's defaults, synchronous_commit=off, commits acknowledged in the last moments
 * before the kill were still in PostgreSQL's memory and went with it.)
 */
class EmbeddedDatabaseCrashTest {
    private static final int SENDERS = 8;
    private static final String SECRET = "embedded crash secret";

    @Test
    void everyAcknowledgedWebhookSurvivesAKilledPostmaster(@TempDir Path dir) throws Exception {
        int port = ServerProcess.freePort();
        Path log = Path.of("target", getClass().getSimpleName() + "-server.log");
        Files.deleteIfExists(log);
        ServerProcess server = ServerProcess.start(null, port, dir, log, List.of(), Map.of())
                .awaitHealthy(Duration.ofSeconds(120));
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<ProcessHandle> cluster = List.of();
        try {
            Api api = new Api(port);
            Api.Response owner = api.post("/api/v1/auth/register", obj("orgName", "Office", "name", "Owner",
                    "email", "office@example.com", "password", "office crash password"), null);
            String phoneNumberId = "3066" + System.nanoTime() % 100_000_000L;
            assertThat(api.post("/api/v1/channels", obj("name", "Office", "provider", "cloud", "phoneNumberId", phoneNumberId,
                    "wabaId", "1", "accessToken", "EAAB", "appSecret", SECRET, "verifyToken", "v"),
                    owner.json().get("accessToken").asText()).status()).isEqualTo(201);

            // Once the database is gone a delivery is given up after a second: it was never acknowledged.
            MetaDelivery meta = new MetaDelivery(port, SECRET, Duration.ofSeconds(1));
            AtomicInteger next = new AtomicInteger();
            long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("pg").resolve("postmaster.pid")).getFirst().strip());
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> senders = IntStream.range(0, SENDERS).<Future<?>>mapToObj(s -> pool.submit(() -> {
                    while (true) {
                        int n = next.getAndIncrement();
                        String wamid = "wamid.office." + n;
                        try {
                            meta.deliver(MetaDelivery.textMessage(phoneNumberId, Long.toString(4916000000000L + n % 200),
                                    wamid, "Message " + n));
                        } catch (IllegalStateException givenUp) {
                            return null;
                        }
                        acknowledged.add(wamid);
                    }
                })).toList();
                Eventually.await("ingest under way", Duration.ofSeconds(60), () -> acknowledged.size() >= 400);
                ProcessHandle killed = ProcessHandle.of(postmaster).orElseThrow();
                cluster = Stream.concat(Stream.of(killed), killed.descendants()).toList();
                killed.destroyForcibly();
                for (Future<?> sender : senders) {
                    sender.get();
                }
            }
            assertThat(meta.failedAttempts()).as("deliveries failed once the database was gone").isPositive();
        } finally {
            server.kill();
        }
        // Its children leave when they notice it died; its shared memory must be free before a restart.
        List<ProcessHandle> killedCluster = cluster;
        Eventually.await("the killed cluster's processes exit", Duration.ofSeconds(30),
                () -> killedCluster.stream().noneMatch(ProcessHandle::isAlive));

        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir, 4);
             Connection c = postgres.superuserConnection(EmbeddedPostgresServer.APP_ROLE);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT wamid FROM message WHERE wamid LIKE 'wamid.office.%'")) {
            Set<String> stored = new HashSet<>();
            while (rs.next()) {
                stored.add(rs.getString(1));
            }
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(400);
            assertThat(stored).as("every acknowledged webhook after crash recovery").containsAll(acknowledged);
        }
    }
}
