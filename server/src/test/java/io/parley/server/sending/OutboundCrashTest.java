package io.parley.server.sending;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.server.testing.Api;
import io.parley.server.testing.Eventually;
import io.parley.server.testing.FakeGraphApi;
import io.parley.server.testing.MetaDelivery;
import io.parley.server.testing.ServerProcess;
import io.parley.server.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGKILL with 1,000 replies queued or in flight to a Graph API that enforces the tier and, like
 * Meta, reports every message it took by status webhook. After the restart every message reaches
 * the API exactly once: the queued ones are sent, and the ones cut off mid-call are recognised by
 * the callback data in their status webhook instead of being sent again. (That sends stay within
 * the tier is ThroughputTest's and the benchmark's to show, on a warm server.)
 */
class OutboundCrashTest {
    private static final int CUSTOMERS = 250;
    private static final int PER_CUSTOMER = 4;
    private static final int MESSAGES = CUSTOMERS * PER_CUSTOMER;
    private static final int TIER = 100;
    private static final String SECRET = "outbound crash secret";
    private static final Map<String, String> FAST_RECOVERY = Map.of(
            "PARLEY_JOBS_LEASE_SECONDS", "3", "PARLEY_OUTBOUND_RECONCILE_SECONDS", "15");

    @Test
    void noReplyIsLostOrSentTwiceAcrossAKill(@TempDir Path dir) throws Exception {
        try (TestDatabases.TestDatabase database = TestDatabases.create("OutboundCrash");
             FakeGraphApi graph = new FakeGraphApi()) {
            int port = ServerProcess.freePort();
            Path log = Path.of("target", getClass().getSimpleName() + "-server.log");
            java.nio.file.Files.deleteIfExists(log);
            ServerProcess server = ServerProcess.start(database.url(), port, dir, log, List.of(), FAST_RECOVERY)
                    .awaitHealthy(Duration.ofSeconds(60));
            try {
                Api api = new Api(port);
                Api.Response owner = api.post("/api/v1/auth/register", obj("orgName", "Outbound crash", "name", "Owner",
                        "email", "outbound-crash@example.com", "password", "crash test password"), null);
                String token = owner.json().get("accessToken").asText();
                long orgId = owner.json().path("org").path("id").asLong();
                String phoneNumberId = "2077" + System.nanoTime() % 100_000_000L;
                graph.messagesPerSecond(TIER);
                graph.sendLatency(Duration.ofMillis(80));
                assertThat(api.post("/api/v1/channels", obj("name", "Busy", "provider", "cloud", "phoneNumberId", phoneNumberId,
                        "wabaId", "1", "accessToken", "EAAG-test", "appSecret", SECRET, "verifyToken", "v",
                        "graphBaseUrl", graph.baseUrl(), "messagesPerSecond", TIER), token).status()).isEqualTo(201);
                graph.reportStatusesTo(port, SECRET, phoneNumberId);

                MetaDelivery meta = new MetaDelivery(port, SECRET, Duration.ofSeconds(30));
                for (int c = 0; c < CUSTOMERS; c++) {
                    meta.deliver(MetaDelivery.textMessage(phoneNumberId, Long.toString(4917200000000L + c),
                            "wamid.outbound-crash.in." + c, "Where is my order?"));
                }
                List<Long> conversations = database.db().inOrg(orgId, tx -> tx.query("SELECT id FROM conversation ORDER BY id")
                        .execute().map(row -> row.column("id").getLong()).toList());
                assertThat(conversations).hasSize(CUSTOMERS);

                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<Integer>> posts = IntStream.range(0, MESSAGES).mapToObj(i -> pool.submit(() ->
                            api.post("/api/v1/conversations/" + conversations.get(i % CUSTOMERS) + "/messages",
                                    obj("type", "text", "text", "Reply " + i), token).status())).toList();
                    for (Future<Integer> post : posts) {
                        assertThat(post.get()).isEqualTo(202);
                    }
                }
                Eventually.await("a quarter sent", Duration.ofSeconds(60), () -> graph.sends().size() >= MESSAGES / 4);
                server.kill();
                int sentBeforeKill = graph.sends().size();
                long inFlightAtKill = database.db().inOrg(orgId, tx -> tx.get("SELECT count(*) AS n FROM message"
                        + " WHERE status = 'SENDING'").execute().orElseThrow().column("n").getLong());
                server = ServerProcess.start(database.url(), port, dir, log, List.of(), FAST_RECOVERY)
                        .awaitHealthy(Duration.ofSeconds(60));

                Eventually.await("every reply sent", Duration.ofSeconds(120), () -> database.db().inOrg(orgId, tx ->
                        tx.get("SELECT count(*) AS n FROM message WHERE direction = 'OUT' AND status IN ('SENT', 'DELIVERED', 'READ')")
                                .execute().orElseThrow().column("n").getLong()) == MESSAGES);

                assertThat(sentBeforeKill).as("the kill came with replies still queued").isLessThan(MESSAGES);
                assertThat(inFlightAtKill).as("the kill came with replies mid-call").isPositive();
                Map<String, Long> copies = graph.accepted().stream().map(FakeGraphApi.Request::body)
                        .map(body -> body.path("biz_opaque_callback_data").asText())
                        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
                assertThat(copies).as("one callback data per message").hasSize(MESSAGES);
                List<String> twice = copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
                assertThat(twice).as("replies that reached the Graph API twice, with their jobs' history: " + twice.stream()
                        .map(data -> history(database, orgId, Long.parseLong(data.substring(2)))).toList()).isEmpty();
                // Around a cold restart on two cores, requests paced by the server can reach the fake bunched up (its
                // connections still opening), and it refuses some with 130429 — as Meta would. A refusal must cost
                // nothing: each was tried again, and it is in the single copy per message counted above.
                Set<String> accepted = copies.keySet();
                assertThat(graph.sends().stream().filter(r -> !graph.accepted().contains(r))
                        .map(r -> r.body().path("biz_opaque_callback_data").asText()).filter(data -> !accepted.contains(data))
                        .toList()).as("refused sends never sent after all").isEmpty();
                assertThat(graph.accepted().stream().map(FakeGraphApi.Request::body).map(JsonNode::toString)
                        .filter(body -> body.contains("Reply ")).count()).isEqualTo(MESSAGES);
            } finally {
                server.close();
            }
        }
    }

    private static String history(TestDatabases.TestDatabase database, long orgId, long messageId) {
        return database.db().inOrg(orgId, tx -> tx.query("SELECT m.status, m.attempts, j.attempts AS job_attempts, j.last_error"
                        + " FROM message m JOIN job j ON j.org_id = m.org_id AND CAST(j.payload ->> 'messageId' AS bigint) = m.id"
                        + " WHERE m.id = :id").addParam("id", messageId).execute()
                .map(row -> row.column("status").getString() + " after " + row.column("attempts").getInt() + " attempts, job tried "
                        + row.column("job_attempts").getInt() + " times, last error " + row.column("last_error").getString())
                .toList().toString());
    }
}
