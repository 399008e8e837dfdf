package io.parley.server.event;

import io.parley.server.ParleyServer;
import io.parley.server.platform.db.Database;
import io.parley.server.testing.Api;
import io.parley.server.testing.ServerTestSupport;
import io.parley.server.testing.SseClient;
import io.parley.server.testing.TestDatabases;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

class EventStreamTest extends ServerTestSupport {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private Member owner;
    private long sandbox;

    @BeforeAll
    void org() {
        owner = registerOrg("Live");
        sandbox = api.post("/api/v1/channels", obj("name", "Sandbox", "provider", "sandbox"), owner.accessToken())
                .json().get("id").asLong();
    }

    private void customerWrites(Api via, Member member, long channel, String text) {
        Api.Response res = via.post("/api/v1/sandbox/" + channel + "/inbound",
                obj("from", "+4915112340077", "name", "Live Customer", "text", text), member.accessToken());
        assertThat(res.status()).as(res.toString()).isEqualTo(201);
    }

    @Test
    void newMessagesArriveLiveWithEnoughToUpdateTheScreen() {
        try (SseClient stream = SseClient.connect(server.port(), owner.accessToken(), null)) {
            assertThat(stream.status()).isEqualTo(200);
            customerWrites(api, owner, sandbox, "Hello live inbox");

            List<SseClient.Event> seen = stream.until(e -> e.type().equals("conversation.updated"), WAIT);
            SseClient.Event created = seen.stream().filter(e -> e.type().equals("message.created")).findFirst().orElseThrow();
            assertThat(created.data()).contains("Hello live inbox").contains("\"direction\":\"IN\"");
            assertThat(seen.getLast().data()).contains("Live Customer").contains("Hello live inbox");
            assertThat(created.id()).isPositive();
        }
    }

    @Test
    void aClientOnlyReceivesItsOwnOrganisationsEvents() {
        Member other = registerOrg("Other live");
        long otherSandbox = api.post("/api/v1/channels", obj("name", "S", "provider", "sandbox"), other.accessToken())
                .json().get("id").asLong();
        try (SseClient mine = SseClient.connect(server.port(), owner.accessToken(), null);
             SseClient theirs = SseClient.connect(server.port(), other.accessToken(), null)) {
            customerWrites(api, other, otherSandbox, "Secret of the other org");
            theirs.until(e -> e.data().contains("Secret of the other org"), WAIT);
            customerWrites(api, owner, sandbox, "Mine only");

            List<SseClient.Event> seenByMine = mine.until(e -> e.data().contains("Mine only"), WAIT);
            assertThat(seenByMine).noneMatch(e -> e.data().contains("Secret of the other org"));
        }
    }

    @Test
    void reconnectingWithLastEventIdReplaysExactlyWhatWasMissed() {
        long lastSeen;
        try (SseClient first = SseClient.connect(server.port(), owner.accessToken(), null)) {
            customerWrites(api, owner, sandbox, "before the gap");
            lastSeen = first.until(e -> e.type().equals("conversation.updated") && e.data().contains("before the gap"), WAIT)
                    .getLast().id();
        }
        customerWrites(api, owner, sandbox, "during the gap 1");
        customerWrites(api, owner, sandbox, "during the gap 2");

        try (SseClient resumed = SseClient.connect(server.port(), owner.accessToken(), lastSeen)) {
            List<SseClient.Event> replay = resumed.until(e -> e.data().contains("during the gap 2")
                    && e.type().equals("conversation.updated"), WAIT);
            customerWrites(api, owner, sandbox, "after the seam");
            List<SseClient.Event> live = resumed.until(e -> e.data().contains("after the seam")
                    && e.type().equals("conversation.updated"), WAIT);

            List<Long> ids = new java.util.ArrayList<>(replay.stream().map(SseClient.Event::id).toList());
            ids.addAll(live.stream().map(SseClient.Event::id).toList());
            assertThat(ids.getFirst()).isEqualTo(lastSeen + 1);
            for (int i = 1; i < ids.size(); i++) {
                assertThat(ids.get(i)).as("no gap, no duplicate at " + i).isEqualTo(ids.get(i - 1) + 1);
            }
            assertThat(replay).anyMatch(e -> e.data().contains("during the gap 1"));
        }
        try (SseClient viaQuery = SseClient.connectWithQuery(server.port(), owner.accessToken(), lastSeen)) {
            assertThat(viaQuery.next(WAIT).id()).isEqualTo(lastSeen + 1);
        }
    }

    @Test
    void anEventPostedThroughOneInstanceReachesAClientOnAnother() {
        try (Database secondPool = Database.connect(testDb.url(), TestDatabases.user(), TestDatabases.password(), 4);
             ParleyServer second = ParleyServer.start(config, secondPool, clock);
             SseClient onB = SseClient.connect(second.port(), owner.accessToken(), null)) {
            customerWrites(api, owner, sandbox, "posted on instance A");

            onB.until(e -> e.data().contains("posted on instance A"), WAIT);
        }
    }

    @Test
    void aStuckClientDoesNotDelayOthers() throws Exception {
        try (Socket stuck = new Socket("127.0.0.1", server.port());
             SseClient healthy = SseClient.connect(server.port(), owner.accessToken(), null)) {
            stuck.setReceiveBufferSize(1024);
            OutputStream out = stuck.getOutputStream();
            out.write(("GET /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + owner.accessToken()
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // Large events fill the stuck client's socket buffers; it never reads a byte.
            String big = "x".repeat(3000);
            for (int i = 0; i < 40; i++) {
                customerWrites(api, owner, sandbox, big + " #" + i);
            }
            customerWrites(api, owner, sandbox, "still flowing");

            healthy.until(e -> e.data().contains("still flowing"), WAIT);
        }
    }

    @Test
    void presenceFollowsOpenStreams() {
        Member agent = addMember(owner, "AGENT");
        try (SseClient watcher = SseClient.connect(server.port(), owner.accessToken(), null)) {
            try (SseClient agentStream = SseClient.connect(server.port(), agent.accessToken(), null)) {
                watcher.until(e -> e.type().equals("presence.updated") && e.data().contains("\"userId\":" + agent.userId())
                        && e.data().contains("\"online\":true"), WAIT);
                assertThat(online(agent.userId())).isTrue();
            }
            watcher.until(e -> e.type().equals("presence.updated") && e.data().contains("\"userId\":" + agent.userId())
                    && e.data().contains("\"online\":false"), WAIT);
            assertThat(online(agent.userId())).isFalse();
        }
    }

    @Test
    void aResumePointOlderThanTheKeptEventsGetsAReset() {
        db.runInOrg(owner.orgId(), tx -> tx.dml("UPDATE org SET events_pruned_through = event_seq WHERE id = :org")
                .addParam("org", owner.orgId()).execute());
        try (SseClient stale = SseClient.connect(server.port(), owner.accessToken(), 0L)) {
            SseClient.Event first = stale.next(WAIT);
            assertThat(first).isNotNull();
            assertThat(first.type()).isEqualTo("reset");
        } finally {
            db.runInOrg(owner.orgId(), tx -> tx.dml("UPDATE org SET events_pruned_through = 0 WHERE id = :org")
                    .addParam("org", owner.orgId()).execute());
        }
    }

    @Test
    void streamsNeedAuthAndASaneResumePoint() {
        assertProblem(api.get("/api/v1/events", null), 401);
        Api.Response bad = api.raw("GET", "/api/v1/events", null, java.util.Map.of("Authorization",
                "Bearer " + owner.accessToken(), "Last-Event-ID", "yesterday"));
        assertProblem(bad, 400);
    }

    private boolean online(long userId) {
        for (var u : api.get("/api/v1/users", owner.accessToken()).json().get("items")) {
            if (u.get("id").asLong() == userId) {
                return u.get("online").asBoolean();
            }
        }
        throw new AssertionError("user " + userId + " not listed");
    }
}
