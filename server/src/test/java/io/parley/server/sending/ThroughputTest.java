package io.parley.server.sending;

import io.parley.server.ParleyServer;
import io.parley.server.platform.db.Database;
import io.parley.server.testing.Api;
import io.parley.server.testing.Eventually;
import io.parley.server.testing.FakeGraphApi;
import io.parley.server.testing.ServerTestSupport;
import io.parley.server.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst of 500 sends through two server instances on one database never exceeds the channel's
 * messages-per-second, which the fake Graph API enforces the way Meta does (error 130429).
 */
class ThroughputTest extends ServerTestSupport {
    private static final int SENDS = 500;
    private static final int LIMIT = 80;

    @Test
    void aBurstOf500NeverExceedsTheChannelsThroughputAcrossTwoInstances() {
        try (FakeGraphApi graph = new FakeGraphApi();
             Database secondPool = Database.connect(testDb.url(), TestDatabases.user(), TestDatabases.password(), 8);
             ParleyServer second = ParleyServer.start(config, secondPool, clock)) {
            graph.messagesPerSecond(LIMIT);
            Api api2 = new Api(second.port());
            Member owner = registerOrg("Burst");
            long channel = api.post("/api/v1/channels", obj("name", "Busy", "provider", "cloud",
                    "phoneNumberId", "99" + System.nanoTime() % 1_000_000_000L, "wabaId", "w", "accessToken", "EAAG-test",
                    "appSecret", "s", "verifyToken", "v", "graphBaseUrl", graph.baseUrl(), "messagesPerSecond", LIMIT),
                    owner.accessToken()).json().get("id").asLong();
            List<Long> conversations = openConversations(owner.orgId(), channel);

            for (int i = 0; i < SENDS; i++) {
                Api via = i % 2 == 0 ? api : api2;
                Api.Response res = via.post("/api/v1/conversations/" + conversations.get(i) + "/messages",
                        obj("type", "text", "text", "Flash sale starts now #" + i), owner.accessToken());
                assertThat(res.status()).isEqualTo(202);
            }
            Eventually.await("all " + SENDS + " sent", Duration.ofSeconds(90), () -> sentCount(owner.orgId()) == SENDS);

            List<Long> arrivals = graph.sends().stream().map(FakeGraphApi.Request::atNanos).sorted().toList();
            assertThat(graph.throttledCount()).as("sends Meta would have refused with 130429").isZero();
            assertThat(arrivals).hasSize(SENDS);
            assertThat(maxInAnySecond(arrivals)).isLessThanOrEqualTo(LIMIT);
            double seconds = (arrivals.getLast() - arrivals.getFirst()) / 1e9;
            assertThat(seconds).as("500 sends at 80/s cannot take less than ~6 s").isGreaterThan((SENDS / (double) LIMIT) - 1.5);
        }
    }

    private List<Long> openConversations(long orgId, long channel) {
        return db.inOrg(orgId, tx -> {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < SENDS; i++) {
                long contact = tx.get("INSERT INTO contact (org_id, wa_id, phone) VALUES (:org, :wa, :phone) RETURNING id")
                        .addParam("org", orgId).addParam("wa", "49151" + (1_000_000 + i)).addParam("phone", "+49151" + (1_000_000 + i))
                        .execute().orElseThrow().column("id").getLong();
                ids.add(tx.get("INSERT INTO conversation (org_id, channel_id, contact_id, last_inbound_at)"
                                + " VALUES (:org, :channel, :contact, now()) RETURNING id")
                        .addParam("org", orgId).addParam("channel", channel).addParam("contact", contact)
                        .execute().orElseThrow().column("id").getLong());
            }
            return ids;
        });
    }

    private long sentCount(long orgId) {
        return db.inOrg(orgId, tx -> tx.get("SELECT count(*) AS n FROM message WHERE direction = 'OUT' AND status = 'SENT'")
                .execute().orElseThrow().column("n").getLong());
    }

    private static int maxInAnySecond(List<Long> sortedNanos) {
        int max = 0;
        int start = 0;
        for (int end = 0; end < sortedNanos.size(); end++) {
            while (sortedNanos.get(end) - sortedNanos.get(start) >= 1_000_000_000L) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }
}
