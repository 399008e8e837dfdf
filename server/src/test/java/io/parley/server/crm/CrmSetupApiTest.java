package io.parley.server.crm;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.server.testing.Api;
import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** Stages, tags, custom fields and the CRM settings: what admins shape and everyone uses. */
class CrmSetupApiTest extends ServerTestSupport {

    @Test
    void aNewOrganisationHasThePipelineAndAdminsShapeIt() {
        Member owner = registerOrg("Pipeline shop");
        Member agent = addMember(owner, "AGENT");
        assertThat(stages(agent)).containsExactly("Lead:OPEN", "Qualified:OPEN", "Proposal:OPEN", "Won:WON", "Lost:LOST");

        assertProblem(api.post("/api/v1/stages", obj("name", "Demo booked"), agent.accessToken()), 403);
        Api.Response demo = api.post("/api/v1/stages", obj("name", "Demo booked", "position", 2), owner.accessToken());
        assertThat(demo.status()).as(demo.toString()).isEqualTo(201);
        long demoId = demo.json().get("id").asLong();
        assertThat(stages(owner)).containsExactly("Lead:OPEN", "Qualified:OPEN", "Demo booked:OPEN", "Proposal:OPEN", "Won:WON",
                "Lost:LOST");
        assertProblem(api.post("/api/v1/stages", obj("name", "lead"), owner.accessToken()), 409);
        assertProblem(api.post("/api/v1/stages", obj("name", "Odd", "kind", "MAYBE"), owner.accessToken()), 400);
        assertThat(api.patch("/api/v1/stages/" + demoId, obj("name", "Demo done", "position", 0), owner.accessToken()).status())
                .isEqualTo(200);
        assertThat(stages(owner).getFirst()).isEqualTo("Demo done:OPEN");

        long contact = api.post("/api/v1/contacts", obj("name", "In demo", "phone", "+4915112344444", "stageId", demoId),
                owner.accessToken()).json().get("id").asLong();
        Api.Response blocked = api.delete("/api/v1/stages/" + demoId, owner.accessToken());
        assertProblem(blocked, 409);
        assertThat(blocked.json().get("detail").asText()).contains("moveTo");
        long lead = api.get("/api/v1/stages", owner.accessToken()).json().get("items").get(1).get("id").asLong();
        assertProblem(api.delete("/api/v1/stages/" + demoId + "?moveTo=" + demoId, owner.accessToken()), 400);
        assertThat(api.delete("/api/v1/stages/" + demoId + "?moveTo=" + lead, owner.accessToken()).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/contacts/" + contact, owner.accessToken()).json().get("stageId").asLong()).isEqualTo(lead);
        assertThat(api.get("/api/v1/stages", owner.accessToken()).json().get("items").get(0).get("contactCount").asLong())
                .isEqualTo(1);

        Member stranger = registerOrg("Other pipeline");
        assertProblem(api.get("/api/v1/stages/" + lead, stranger.accessToken()), 404);
        assertProblem(api.patch("/api/v1/stages/" + lead, obj("name", "Taken"), stranger.accessToken()), 404);
        assertProblem(api.delete("/api/v1/stages/" + lead, stranger.accessToken()), 404);
    }

    @Test
    void tagsHaveColoursAndCountsAndOnlyAdminsDeleteThem() {
        Member owner = registerOrg("Tag shop");
        Member agent = addMember(owner, "AGENT");
        Api.Response vip = api.post("/api/v1/tags", obj("name", "VIP", "color", "#FFAA00"), agent.accessToken());
        assertThat(vip.status()).as(vip.toString()).isEqualTo(201);
        assertThat(vip.json().get("color").asText()).isEqualTo("#ffaa00");
        assertThat(api.post("/api/v1/tags", obj("name", "plain"), agent.accessToken()).json().get("color").asText()).matches("#[0-9a-f]{6}");
        assertProblem(api.post("/api/v1/tags", obj("name", "vip"), agent.accessToken()), 409);
        assertProblem(api.post("/api/v1/tags", obj("name", "x", "color", "red"), agent.accessToken()), 400);
        assertProblem(api.post("/api/v1/tags", obj("name", "y".repeat(51)), agent.accessToken()), 400);
        long id = vip.json().get("id").asLong();
        assertProblem(api.delete("/api/v1/tags/" + id, agent.accessToken()), 403);
        Member stranger = registerOrg("Other tags");
        assertProblem(api.delete("/api/v1/tags/" + id, stranger.accessToken()), 404);
        assertThat(api.delete("/api/v1/tags/" + id, owner.accessToken()).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/tags", owner.accessToken()).json().get("items")).hasSize(1);
    }

    @Test
    void customFieldsAreDefinedByAdminsAndTheirValuesFollowTheirType() {
        Member owner = registerOrg("Field shop");
        Member agent = addMember(owner, "AGENT");
        assertProblem(api.post("/api/v1/custom-fields", obj("key", "size", "label", "Size", "type", "NUMBER"), agent.accessToken()), 403);
        Api.Response bad = api.post("/api/v1/custom-fields", obj("key", "Bad Key", "label", "", "type", "COLOR",
                "options", List.of("a")), owner.accessToken());
        assertProblem(bad, 400);
        assertThat(bad.json().get("errors")).extracting(e -> e.get("field").asText()).contains("key", "label", "type");
        assertProblem(api.post("/api/v1/custom-fields", obj("key", "tier", "label", "Tier", "type", "SELECT"), owner.accessToken()), 400);

        long tier = api.post("/api/v1/custom-fields", obj("key", "tier", "label", "Tier", "type", "SELECT",
                "options", List.of("Bronze", "Gold")), owner.accessToken()).json().get("id").asLong();
        api.post("/api/v1/custom-fields", obj("key", "seats", "label", "Seats", "type", "NUMBER"), owner.accessToken());
        api.post("/api/v1/custom-fields", obj("key", "trial", "label", "On trial", "type", "BOOLEAN"), owner.accessToken());
        assertProblem(api.post("/api/v1/custom-fields", obj("key", "seats", "label", "Again", "type", "TEXT"), owner.accessToken()), 409);

        Api.Response contact = api.post("/api/v1/contacts", obj("name", "Typed", "phone", "+4915112345555",
                "customFields", obj("tier", "gold", "seats", "12.50", "trial", "yes")), agent.accessToken());
        assertThat(contact.status()).as(contact.toString()).isEqualTo(201);
        JsonNode values = contact.json().get("customFields");
        assertThat(values.get("tier").asText()).isEqualTo("Gold");
        assertThat(values.get("seats").decimalValue()).isEqualByComparingTo("12.5");
        assertThat(values.get("trial").asBoolean()).isTrue();

        assertProblem(api.patch("/api/v1/custom-fields/" + tier, obj("options", List.of("Bronze")), owner.accessToken()), 400);
        assertProblem(api.patch("/api/v1/custom-fields/" + tier, obj("type", "TEXT"), owner.accessToken()), 400);
        assertThat(api.patch("/api/v1/custom-fields/" + tier, obj("label", "Level", "options", List.of("Bronze", "Gold", "Platinum")),
                owner.accessToken()).json().get("options")).hasSize(3);
        Member stranger = registerOrg("Other fields");
        assertProblem(api.delete("/api/v1/custom-fields/" + tier, stranger.accessToken()), 404);
        assertThat(api.delete("/api/v1/custom-fields/" + tier, owner.accessToken()).status()).isEqualTo(204);
        long contactId = contact.json().get("id").asLong();
        assertThat(api.get("/api/v1/contacts/" + contactId, owner.accessToken()).json().get("customFields").has("tier"))
                .as("a deleted field's values go with it").isFalse();
    }

    @Test
    void theDefaultCountryIsAnAdminsChoiceAndMustBeACountry() {
        Member owner = registerOrg("Settings shop");
        Member agent = addMember(owner, "AGENT");
        assertThat(api.get("/api/v1/crm/settings", agent.accessToken()).json().get("defaultCountry").isNull()).isTrue();
        assertProblem(api.send("PUT", "/api/v1/crm/settings", obj("defaultCountry", "DE"), agent.accessToken()), 403);
        assertProblem(api.send("PUT", "/api/v1/crm/settings", obj("defaultCountry", "XX"), owner.accessToken()), 400);
        assertThat(api.send("PUT", "/api/v1/crm/settings", obj("defaultCountry", "gb"), owner.accessToken()).json()
                .get("defaultCountry").asText()).isEqualTo("GB");
        assertProblem(api.post("/api/v1/contacts", obj("name", "No country", "phone", "12345"), owner.accessToken()), 400);
        assertThat(api.post("/api/v1/contacts", obj("name", "London", "phone", "07911 123456"), owner.accessToken())
                .json().get("phone").asText()).isEqualTo("+447911123456");
    }

    private List<String> stages(Member member) {
        List<String> names = new ArrayList<>();
        api.get("/api/v1/stages", member.accessToken()).json().get("items")
                .forEach(s -> names.add(s.get("name").asText() + ":" + s.get("kind").asText()));
        return names;
    }
}
