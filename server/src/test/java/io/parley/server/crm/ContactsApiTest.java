package io.parley.server.crm;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.server.testing.Api;
import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/v1/contacts}: creating, finding, editing and erasing contacts, their timeline, roles and tenants. */
class ContactsApiTest extends ServerTestSupport {

    @Test
    void aContactIsCreatedWithItsNumberInE164AndADuplicateNumberNamesTheExistingOne() {
        Member owner = registerOrg("Contacts create");
        assertThat(api.send("PUT", "/api/v1/crm/settings", obj("defaultCountry", "DE"), owner.accessToken()).status()).isEqualTo(200);
        Api.Response created = api.post("/api/v1/contacts", obj("name", "Jürgen Müller", "phone", "0151 1234 5678",
                "email", "Juergen@Example.com", "tags", List.of("vip", "Berlin")), owner.accessToken());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode contact = created.json();
        assertThat(contact.get("phone").asText()).isEqualTo("+4915112345678");
        assertThat(contact.get("waId").asText()).isEqualTo("4915112345678");
        assertThat(contact.get("email").asText()).isEqualTo("juergen@example.com");
        assertThat(contact.get("tags")).extracting(JsonNode::asText).containsExactly("Berlin", "vip");
        assertThat(contact.get("source").asText()).isEqualTo("MANUAL");
        assertThat(contact.get("aiEnabled").asBoolean()).isTrue();

        Api.Response duplicate = api.post("/api/v1/contacts", obj("name", "Again", "phone", "+49 151 12345678"), owner.accessToken());
        assertProblem(duplicate, 409);
        assertThat(duplicate.json().get("existingId").asLong()).isEqualTo(contact.get("id").asLong());

        Api.Response bad = api.post("/api/v1/contacts", obj("name", "", "phone", "12", "email", "not-mail",
                "customFields", Map.of("nope", 1)), owner.accessToken());
        assertProblem(bad, 400);
        assertThat(bad.json().get("errors")).extracting(e -> e.get("field").asText())
                .contains("name", "phone", "email", "customFields.nope");
        assertThat(api.get("/api/v1/tags", owner.accessToken()).json().get("items"))
                .extracting(t -> t.get("name").asText() + "=" + t.get("contactCount").asLong()).containsExactly("Berlin=1", "vip=1");
    }

    @Test
    void theListFindsByWordsAndNumberAndFiltersAndPages() {
        Member owner = registerOrg("Contacts list");
        long lead = stageId(owner, "Lead");
        for (int i = 0; i < 7; i++) {
            create(owner, obj("name", "Customer " + i, "phone", "+44 7911 1234" + (10 + i), "tags", i % 2 == 0 ? List.of("even") : List.of(),
                    "stageId", i < 3 ? lead : null));
        }
        create(owner, obj("name", "Søren Åberg", "phone", "+46701234567", "email", "soren@example.se"));

        assertThat(names(owner, "?q=soren")).containsExactly("Søren Åberg");
        assertThat(names(owner, "?q=ABERG")).containsExactly("Søren Åberg");
        assertThat(names(owner, "?q=123413")).containsExactly("Customer 3");
        assertThat(names(owner, "?tag=even")).hasSize(4);
        assertThat(names(owner, "?tag=even&stageId=" + lead)).containsExactlyInAnyOrder("Customer 0", "Customer 2");
        assertThat(names(owner, "?optedOut=true")).isEmpty();
        assertProblem(api.get("/api/v1/contacts?stageId=abc", owner.accessToken()), 400);
        assertProblem(api.get("/api/v1/contacts?cursor=garbage", owner.accessToken()), 400);
        assertProblem(api.get("/api/v1/contacts?segmentId=999999", owner.accessToken()), 400);

        List<String> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/api/v1/contacts?limit=3" + (cursor == null ? "" : "&cursor=" + cursor), owner.accessToken()).json();
            page.get("items").forEach(c -> all.add(c.get("name").asText()));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        assertThat(all).hasSize(8).doesNotHaveDuplicates();
    }

    @Test
    void editsAreValidatedAndEachChangeLandsOnTheTimeline() {
        Member owner = registerOrg("Contacts edit");
        Member agent = addMember(owner, "AGENT");
        api.post("/api/v1/custom-fields", obj("key", "plan", "label", "Plan", "type", "SELECT", "options", List.of("Basic", "Pro")),
                owner.accessToken());
        api.post("/api/v1/custom-fields", obj("key", "renewal", "label", "Renewal", "type", "DATE"), owner.accessToken());
        long id = create(owner, obj("name", "Mia", "phone", "+4915112340099", "tags", List.of("new")));
        long qualified = stageId(owner, "Qualified");

        Api.Response edited = api.patch("/api/v1/contacts/" + id, obj("stageId", qualified, "tags", List.of("vip"),
                "customFields", Map.of("plan", "pro", "renewal", "2027-03-01"), "ownerId", agent.userId(), "optedOut", true),
                agent.accessToken());
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        JsonNode c = edited.json();
        assertThat(c.get("stageId").asLong()).isEqualTo(qualified);
        assertThat(c.get("tags")).extracting(JsonNode::asText).containsExactly("vip");
        assertThat(c.get("customFields").get("plan").asText()).as("the option as defined").isEqualTo("Pro");
        assertThat(c.get("customFields").get("renewal").asText()).isEqualTo("2027-03-01");
        assertThat(c.get("optedOut").asBoolean()).isTrue();
        assertThat(c.hasNonNull("optedOutAt")).isTrue();

        Api.Response refused = api.patch("/api/v1/contacts/" + id, obj("customFields", Map.of("plan", "Gold", "renewal", "soon"),
                "stageId", 987654, "ownerId", 987654, "optedOut", "yes"), agent.accessToken());
        assertProblem(refused, 400);
        assertThat(refused.json().get("errors")).extracting(e -> e.get("field").asText())
                .contains("customFields.plan", "customFields.renewal", "stageId", "ownerId", "optedOut");

        List<String> timeline = new ArrayList<>();
        api.get("/api/v1/contacts/" + id + "/activities", owner.accessToken()).json().get("items")
                .forEach(a -> timeline.add(a.get("type").asText() + ": " + a.get("summary").asText()));
        assertThat(timeline).contains("stage.changed: Stage: none → Qualified", "tag.removed: Tag removed: new",
                "tag.added: Tagged vip", "field.changed: Plan: (empty) → Pro", "optout.changed: Opted out of messages",
                "contact.created: Contact created");
        assertThat(timeline.stream().filter(t -> t.startsWith("owner.changed")).findFirst()).get().asString()
                .contains("A AGENT");
    }

    @Test
    void theTimelineSummarisesTheConversationWithoutCopyingIt() {
        Member owner = registerOrg("Contacts timeline");
        long channel = api.post("/api/v1/channels", obj("name", "Sandbox", "provider", "sandbox"), owner.accessToken())
                .json().get("id").asLong();
        JsonNode message = api.post("/api/v1/sandbox/" + channel + "/inbound", obj("from", "+4915112341111", "name", "Lea",
                "text", "Do you ship to Austria?"), owner.accessToken()).json();
        api.post("/api/v1/sandbox/" + channel + "/inbound", obj("from", "+4915112341111", "text", "And to Italy?"), owner.accessToken());
        long contactId = api.get("/api/v1/conversations/" + message.get("conversationId").asLong(), owner.accessToken())
                .json().get("contact").get("id").asLong();
        JsonNode items = api.get("/api/v1/contacts/" + contactId + "/activities", owner.accessToken()).json().get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("type").asText()).isEqualTo("messages");
        assertThat(items.get(0).get("summary").asText()).isEqualTo("2 messages from the customer");
        assertThat(items.get(0).get("data").get("lastText").asText()).isEqualTo("And to Italy?");
        JsonNode contact = api.get("/api/v1/contacts/" + contactId, owner.accessToken()).json();
        assertThat(contact.get("source").asText()).isEqualTo("WHATSAPP");
        assertThat(contact.hasNonNull("lastSeenAt")).as("the conversation keeps the contact's last-seen time").isTrue();
        assertThat(contact.hasNonNull("lastInboundAt")).isTrue();
        assertThat(api.post("/api/v1/segments", obj("name", "Wrote this week", "filter", obj("match", "all", "conditions",
                List.of(Map.of("field", "lastInboundAt", "op", "withinDays", "value", 7)))), owner.accessToken())
                .json().get("contactCount").asLong()).isEqualTo(1);
    }

    @Test
    void erasingIsForAdminsAndLeavesTheConversationAStub() {
        Member owner = registerOrg("Contacts erase");
        Member agent = addMember(owner, "AGENT");
        long channel = api.post("/api/v1/channels", obj("name", "Sandbox", "provider", "sandbox"), owner.accessToken())
                .json().get("id").asLong();
        long conversation = api.post("/api/v1/sandbox/" + channel + "/inbound", obj("from", "+4915112342222", "name", "Erik",
                "text", "Please forget me"), owner.accessToken()).json().get("conversationId").asLong();
        long contactId = api.get("/api/v1/conversations/" + conversation, owner.accessToken()).json().get("contact").get("id").asLong();

        assertProblem(api.delete("/api/v1/contacts/" + contactId, agent.accessToken()), 403);
        assertThat(api.delete("/api/v1/contacts/" + contactId, owner.accessToken()).status()).isEqualTo(204);
        assertProblem(api.get("/api/v1/contacts/" + contactId, owner.accessToken()), 404);
        assertProblem(api.delete("/api/v1/contacts/" + contactId, owner.accessToken()), 404);
        assertThat(names(owner, "?q=erik")).isEmpty();

        Api.Response stub = api.get("/api/v1/conversations/" + conversation, owner.accessToken());
        assertThat(stub.status()).isEqualTo(200);
        assertThat(stub.json().get("contact").get("phone").isNull()).isTrue();
        assertThat(api.get("/api/v1/conversations/" + conversation + "/messages", owner.accessToken()).body())
                .doesNotContain("Please forget me");
        // The customer writing again is a new contact.
        assertThat(api.post("/api/v1/sandbox/" + channel + "/inbound", obj("from", "+4915112342222", "text", "Hi again"),
                owner.accessToken()).status()).isEqualTo(201);
        assertThat(names(owner, "")).hasSize(1);
    }

    @Test
    void twoContactsMergeIntoOneWithTheirConversationsTagsAndHistory() {
        Member owner = registerOrg("Contacts merge");
        Member agent = addMember(owner, "AGENT");
        long channel = api.post("/api/v1/channels", obj("name", "Sandbox", "provider", "sandbox"), owner.accessToken())
                .json().get("id").asLong();
        long conversation = api.post("/api/v1/sandbox/" + channel + "/inbound", obj("from", "+4915112344444", "name", "Nina (old phone)",
                "text", "Hello from my old phone"), owner.accessToken()).json().get("conversationId").asLong();
        long other = api.get("/api/v1/conversations/" + conversation, owner.accessToken()).json().get("contact").get("id").asLong();
        api.patch("/api/v1/contacts/" + other, obj("email", "nina@example.com", "tags", List.of("returning")), owner.accessToken());
        long survivor = create(owner, obj("name", "Nina Berg", "phone", "+4915112345555", "tags", List.of("vip")));

        assertProblem(api.post("/api/v1/contacts/" + survivor + "/merge", obj("otherId", other), agent.accessToken()), 403);
        assertProblem(api.post("/api/v1/contacts/" + survivor + "/merge", obj("otherId", survivor), owner.accessToken()), 400);
        assertProblem(api.post("/api/v1/contacts/" + survivor + "/merge", obj(), owner.accessToken()), 400);
        assertProblem(api.post("/api/v1/contacts/" + survivor + "/merge", obj("otherId", 987654), owner.accessToken()), 400);

        Api.Response merged = api.post("/api/v1/contacts/" + survivor + "/merge", obj("otherId", other), owner.accessToken());
        assertThat(merged.status()).as(merged.toString()).isEqualTo(200);
        JsonNode c = merged.json();
        assertThat(c.get("name").asText()).isEqualTo("Nina Berg");
        assertThat(c.get("phone").asText()).isEqualTo("+4915112345555");
        assertThat(c.get("email").asText()).as("taken from the other, which had one").isEqualTo("nina@example.com");
        assertThat(c.get("tags")).extracting(JsonNode::asText).containsExactly("returning", "vip");
        assertProblem(api.get("/api/v1/contacts/" + other, owner.accessToken()), 404);
        assertThat(api.get("/api/v1/conversations/" + conversation, owner.accessToken()).json().get("contact").get("id").asLong())
                .isEqualTo(survivor);
        JsonNode timeline = api.get("/api/v1/contacts/" + survivor + "/activities", owner.accessToken()).json().get("items");
        assertThat(timeline.findValuesAsText("type")).contains("contact.merged", "messages", "tag.added");
        assertThat(api.get("/api/v1/audit", owner.accessToken()).body()).contains("contact.merged");

        Member stranger = registerOrg("Merge stranger");
        long theirs = create(stranger, obj("name", "Theirs", "phone", "+4915112346666"));
        assertProblem(api.post("/api/v1/contacts/" + survivor + "/merge", obj("otherId", theirs), owner.accessToken()), 400);
        assertProblem(api.post("/api/v1/contacts/" + survivor + "/merge", obj("otherId", theirs), stranger.accessToken()), 404);
    }

    @Test
    void anotherOrganisationsContactIsNotFoundAndStrangersAreTurnedAway() {
        Member owner = registerOrg("Contacts home");
        Member stranger = registerOrg("Contacts elsewhere");
        long id = create(owner, obj("name", "Private", "phone", "+4915112343333"));
        assertProblem(api.get("/api/v1/contacts/" + id, stranger.accessToken()), 404);
        assertProblem(api.patch("/api/v1/contacts/" + id, obj("name", "Mine now"), stranger.accessToken()), 404);
        assertProblem(api.delete("/api/v1/contacts/" + id, stranger.accessToken()), 404);
        assertProblem(api.get("/api/v1/contacts/" + id + "/activities", stranger.accessToken()), 404);
        assertThat(names(stranger, "")).isEmpty();
        assertThat(api.post("/api/v1/contacts", obj("name", "Same number", "phone", "+4915112343333"), stranger.accessToken())
                .status()).as("numbers are per organisation").isEqualTo(201);
        assertProblem(api.get("/api/v1/contacts", null), 401);
        assertProblem(api.post("/api/v1/contacts", "{not json", owner.accessToken()), 400);
        assertProblem(api.get("/api/v1/contacts/abc", owner.accessToken()), 404);
    }

    private long create(Member member, Object body) {
        Api.Response res = api.post("/api/v1/contacts", body, member.accessToken());
        assertThat(res.status()).as(res.toString()).isEqualTo(201);
        return res.json().get("id").asLong();
    }

    private long stageId(Member member, String name) {
        for (JsonNode stage : api.get("/api/v1/stages", member.accessToken()).json().get("items")) {
            if (stage.get("name").asText().equals(name)) {
                return stage.get("id").asLong();
            }
        }
        throw new AssertionError("No stage " + name);
    }

    private List<String> names(Member member, String query) {
        Api.Response res = api.get("/api/v1/contacts" + query, member.accessToken());
        assertThat(res.status()).as(res.toString()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        res.json().get("items").forEach(c -> names.add(c.get("name").asText()));
        return names;
    }
}
