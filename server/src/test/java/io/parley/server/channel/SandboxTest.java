package io.parley.server.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.server.testing.Api;
import io.parley.server.testing.Eventually;
import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox: a simulated customer writes in, the agent answers, the ticks advance — no Meta account. */
class SandboxTest extends ServerTestSupport {

    @Test
    void aSimulatedCustomerWritesAndTheReplyIsDeliveredAndRead() {
        Member owner = registerOrg("Sandbox shop");
        long channel = api.post("/api/v1/channels", obj("name", "Sandbox", "provider", "sandbox"), owner.accessToken())
                .json().get("id").asLong();

        Api.Response inbound = api.post("/api/v1/sandbox/" + channel + "/inbound",
                obj("from", "+49 151 1234 0001", "name", "Lena", "text", "Is the blue jacket in stock?"), owner.accessToken());
        assertThat(inbound.status()).as(inbound.toString()).isEqualTo(201);
        assertThat(inbound.json().get("direction").asText()).isEqualTo("IN");
        JsonNode conversation = api.get("/api/v1/conversations", owner.accessToken()).json().get("items").get(0);
        assertThat(conversation.get("contact").get("phone").asText()).isEqualTo("+4915112340001");
        assertThat(conversation.get("contact").get("name").asText()).isEqualTo("Lena");
        assertThat(conversation.get("windowExpiresAt").isNull()).isFalse();
        long conversationId = conversation.get("id").asLong();

        long reply = api.post("/api/v1/conversations/" + conversationId + "/messages",
                obj("type", "text", "text", "Yes, in M and L."), owner.accessToken()).json().get("id").asLong();

        List<String> seen = new ArrayList<>();
        Eventually.await("reply read by the simulated customer", Duration.ofSeconds(15), () -> {
            String status = status(owner, conversationId, reply);
            if (seen.isEmpty() || !seen.getLast().equals(status)) {
                seen.add(status);
            }
            return status.equals("READ");
        });
        assertThat(seen).containsSubsequence("DELIVERED", "READ");
        assertThat(eventTypes(owner)).contains("message.created", "message.updated", "conversation.updated");
    }

    @Test
    void sandboxInboundIsCheckedAndOnlyForSandboxChannels() {
        Member owner = registerOrg("Sandbox rules");
        long sandbox = api.post("/api/v1/channels", obj("name", "Sandbox", "provider", "sandbox"), owner.accessToken())
                .json().get("id").asLong();
        long cloud = api.post("/api/v1/channels", obj("name", "Real", "provider", "cloud", "phoneNumberId",
                "88" + System.nanoTime() % 1_000_000_000L, "wabaId", "1", "accessToken", "t", "appSecret", "s",
                "verifyToken", "v"), owner.accessToken()).json().get("id").asLong();
        Member stranger = registerOrg("Sandbox stranger");

        assertProblem(api.post("/api/v1/sandbox/" + sandbox + "/inbound", obj("from", "hello", "text", "x"), owner.accessToken()), 400);
        assertProblem(api.post("/api/v1/sandbox/" + sandbox + "/inbound", obj("from", "+4915112340001"), owner.accessToken()), 400);
        assertProblem(api.post("/api/v1/sandbox/" + cloud + "/inbound", obj("from", "+4915112340001", "text", "x"),
                owner.accessToken()), 422);
        assertProblem(api.post("/api/v1/sandbox/" + sandbox + "/inbound", obj("from", "+4915112340001", "text", "x"),
                stranger.accessToken()), 404);
        assertProblem(api.post("/api/v1/sandbox/" + sandbox + "/inbound", obj("from", "+4915112340001", "text", "x"), null), 401);

        assertThat(api.post("/api/v1/templates/sync?channelId=" + sandbox, null, owner.accessToken()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/templates", owner.accessToken()).json().get("items").findValuesAsText("name"))
                .contains("hello_world", "order_update");
    }

    private String status(Member owner, long conversation, long id) {
        for (JsonNode m : api.get("/api/v1/conversations/" + conversation + "/messages", owner.accessToken()).json().get("items")) {
            if (m.get("id").asLong() == id) {
                return m.get("status").asText();
            }
        }
        throw new AssertionError("message " + id + " not found");
    }

    private List<String> eventTypes(Member owner) {
        return db.inOrg(owner.orgId(), tx -> tx.query("SELECT type FROM event ORDER BY id").execute()
                .map(row -> row.column("type").getString()).toList());
    }
}
