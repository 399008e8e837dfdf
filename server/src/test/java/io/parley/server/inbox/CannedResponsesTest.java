package io.parley.server.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.server.testing.Api;
import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.Test;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

class CannedResponsesTest extends ServerTestSupport {

    @Test
    void savedAnswersRenderForAConversationAndAreFoundByShortcutPrefix() {
        Member owner = registerOrg("Canned Shop");
        Member agent = addMember(owner, "AGENT");
        long channel = api.post("/api/v1/channels", obj("name", "S", "provider", "sandbox"), owner.accessToken())
                .json().get("id").asLong();
        api.post("/api/v1/sandbox/" + channel + "/inbound", obj("from", "+4915112340901", "name", "Ada", "text", "hi"),
                owner.accessToken());
        long conversation = api.get("/api/v1/conversations", owner.accessToken()).json().get("items").get(0).get("id").asLong();

        Api.Response created = api.post("/api/v1/canned-responses", obj("shortcut", "returns",
                "text", "Hi {{contact.name}}, {{agent.name}} from {{org.name}} here: returns are free for 30 days. {{unknown.thing}}"),
                owner.accessToken());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        api.post("/api/v1/canned-responses", obj("shortcut", "hours", "text", "We are open 9 to 5."), owner.accessToken());

        JsonNode rendered = api.get("/api/v1/canned-responses?q=/ret&conversationId=" + conversation, agent.accessToken())
                .json().get("items");
        assertThat(rendered).hasSize(1);
        assertThat(rendered.get(0).get("rendered").asText())
                .isEqualTo("Hi Ada, A AGENT from Canned Shop here: returns are free for 30 days. {{unknown.thing}}");
        assertThat(api.get("/api/v1/canned-responses", agent.accessToken()).json().get("items")).hasSize(2);

        long id = created.json().get("id").asLong();
        assertThat(api.patch("/api/v1/canned-responses/" + id, obj("text", "Returns: 30 days."), owner.accessToken())
                .json().get("text").asText()).isEqualTo("Returns: 30 days.");
        assertThat(api.delete("/api/v1/canned-responses/" + id, owner.accessToken()).status()).isEqualTo(204);
    }

    @Test
    void badInputRolesAndOtherOrganisations() {
        Member owner = registerOrg("Canned rules");
        Member agent = addMember(owner, "AGENT");
        Member stranger = registerOrg("Canned stranger");
        long id = api.post("/api/v1/canned-responses", obj("shortcut", "thanks", "text", "Thank you!"), owner.accessToken())
                .json().get("id").asLong();

        assertProblem(api.post("/api/v1/canned-responses", obj("shortcut", "thanks", "text", "again"), owner.accessToken()), 409);
        assertProblem(api.post("/api/v1/canned-responses", obj("shortcut", "Has Spaces", "text", "x"), owner.accessToken()), 400);
        assertProblem(api.post("/api/v1/canned-responses", obj("shortcut", "ok", "text", ""), owner.accessToken()), 400);
        assertProblem(api.post("/api/v1/canned-responses", obj("shortcut", "mine", "text", "x"), agent.accessToken()), 403);
        assertProblem(api.patch("/api/v1/canned-responses/" + id, obj("text", "stolen"), stranger.accessToken()), 404);
        assertProblem(api.delete("/api/v1/canned-responses/" + id, stranger.accessToken()), 404);
        assertThat(api.get("/api/v1/canned-responses", stranger.accessToken()).json().get("items")).isEmpty();
        assertProblem(api.get("/api/v1/canned-responses?conversationId=999999999", owner.accessToken()), 404);
        assertProblem(api.get("/api/v1/canned-responses?conversationId=abc", owner.accessToken()), 400);
    }
}
