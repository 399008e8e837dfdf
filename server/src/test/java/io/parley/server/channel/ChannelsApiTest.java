package io.parley.server.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.server.testing.Api;
import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

class ChannelsApiTest extends ServerTestSupport {

    private static String phoneId() {
        return Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000_000L));
    }

    private Api.Response createCloud(Member admin, String phoneNumberId) {
        return api.post("/api/v1/channels", obj("name", "Main number", "provider", "cloud", "phoneNumberId", phoneNumberId,
                "wabaId", "102290129340398", "displayPhoneNumber", "+49 151 1234 0000", "accessToken", "EAAG-secret-token",
                "appSecret", "app-secret", "verifyToken", "verify-me"), admin.accessToken());
    }

    @Test
    void secretsGoInButNeverComeOutAndAreSealedAtRest() {
        Member owner = registerOrg("Channels");
        Api.Response created = createCloud(owner, phoneId());

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode channel = created.json();
        assertThat(channel.get("provider").asText()).isEqualTo("cloud");
        assertThat(channel.get("accessTokenSet").asBoolean()).isTrue();
        assertThat(channel.get("appSecretSet").asBoolean()).isTrue();
        assertThat(channel.get("verifyTokenSet").asBoolean()).isTrue();
        assertThat(channel.get("graphBaseUrl").asText()).isEqualTo(ChannelService.DEFAULT_GRAPH_BASE_URL);
        assertThat(channel.get("messagesPerSecond").asInt()).isEqualTo(80);
        assertThat(channel.get("webhookUrlPath").asText()).isEqualTo("/webhooks/whatsapp");
        assertThat(created.body()).doesNotContain("EAAG-secret-token").doesNotContain("app-secret\"");
        String listed = api.get("/api/v1/channels", owner.accessToken()).body();
        assertThat(listed).doesNotContain("EAAG-secret-token");

        String stored = db.inOrg(owner.orgId(), tx -> tx.get("SELECT access_token_sealed FROM channel WHERE id = :id")
                .addParam("id", channel.get("id").asLong()).execute().orElseThrow().column("access_token_sealed").getString());
        assertThat(stored).startsWith("v1:").doesNotContain("EAAG");
    }

    @Test
    void aPhoneNumberIdBelongsToOneChannelAcrossOrganisations() {
        Member owner = registerOrg("First claim");
        Member other = registerOrg("Second claim");
        String phone = phoneId();

        assertThat(createCloud(owner, phone).status()).isEqualTo(201);
        assertProblem(createCloud(owner, phone), 409);
        assertProblem(createCloud(other, phone), 409);
    }

    @Test
    void validationRolesAndUpdates() {
        Member owner = registerOrg("Channel admin");
        Member agent = addMember(owner, "AGENT");

        Api.Response missing = api.post("/api/v1/channels", obj("name", "x", "provider", "cloud"), owner.accessToken());
        assertProblem(missing, 400);
        assertThat(missing.json().get("errors").findValuesAsText("field"))
                .contains("phoneNumberId", "wabaId", "accessToken", "appSecret", "verifyToken");
        assertProblem(api.post("/api/v1/channels", obj("name", "x", "provider", "carrier-pigeon"), owner.accessToken()), 400);
        assertProblem(api.post("/api/v1/channels", obj("name", "x", "provider", "sandbox", "messagesPerSecond", 5000),
                owner.accessToken()), 400);
        assertProblem(api.post("/api/v1/channels", obj("name", "x", "provider", "sandbox", "graphBaseUrl", "ftp://x"),
                owner.accessToken()), 400);
        assertProblem(api.post("/api/v1/channels", obj("name", "Sandbox", "provider", "sandbox"), agent.accessToken()), 403);

        long id = createCloud(owner, phoneId()).json().get("id").asLong();
        Api.Response renamed = api.patch("/api/v1/channels/" + id, obj("name", "Support line", "messagesPerSecond", 200,
                "graphBaseUrl", "http://127.0.0.1:9/v23.0/"), owner.accessToken());
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(renamed.json().get("name").asText()).isEqualTo("Support line");
        assertThat(renamed.json().get("messagesPerSecond").asInt()).isEqualTo(200);
        assertThat(renamed.json().get("graphBaseUrl").asText()).isEqualTo("http://127.0.0.1:9/v23.0");
        assertThat(renamed.json().get("accessTokenSet").asBoolean()).isTrue();
        assertProblem(api.patch("/api/v1/channels/" + id, obj("provider", "sandbox"), owner.accessToken()), 400);
        assertProblem(api.patch("/api/v1/channels/" + id, obj("name", "Agent rename"), agent.accessToken()), 403);
        assertThat(api.get("/api/v1/channels/" + id, agent.accessToken()).status()).isEqualTo(200);

        Api.Response sandbox = api.post("/api/v1/channels", obj("name", "Try it", "provider", "sandbox"), owner.accessToken());
        assertThat(sandbox.status()).isEqualTo(201);
        assertThat(sandbox.json().get("phoneNumberId").asText()).startsWith("sandbox-");
        assertThat(sandbox.json().get("accessTokenSet").asBoolean()).isFalse();
        assertProblem(api.patch("/api/v1/channels/" + sandbox.json().get("id").asLong(), obj("accessToken", "x"),
                owner.accessToken()), 400);

        assertThat(api.delete("/api/v1/channels/" + id, owner.accessToken()).status()).isEqualTo(204);
        assertProblem(api.get("/api/v1/channels/" + id, owner.accessToken()), 404);
        assertThat(api.get("/api/v1/audit", owner.accessToken()).json().get("items").findValuesAsText("action"))
                .contains("channel.created", "channel.updated", "channel.deleted");
    }

    @Test
    void anotherOrganisationsChannelIsNotFound() {
        Member owner = registerOrg("Channel owner");
        Member other = registerOrg("Channel snoop");
        long theirs = createCloud(other, phoneId()).json().get("id").asLong();

        assertProblem(api.get("/api/v1/channels/" + theirs, owner.accessToken()), 404);
        assertProblem(api.patch("/api/v1/channels/" + theirs, obj("name", "Mine"), owner.accessToken()), 404);
        assertProblem(api.delete("/api/v1/channels/" + theirs, owner.accessToken()), 404);
        assertThat(api.get("/api/v1/channels", owner.accessToken()).json().get("items")).isEmpty();
    }
}
