package io.parley.server.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.server.channel.WebhookSignature;
import io.parley.server.testing.Api;
import io.parley.server.testing.Eventually;
import io.parley.server.testing.FakeGraphApi;
import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** The agents' working surface: filters, search, tabs, assignment, snooze, notes, unread counts. */
class InboxTest extends ServerTestSupport {
    private static final String SECRET = "inbox-secret";
    private final FakeGraphApi graph = new FakeGraphApi();
    private Member owner;
    private Member agent;
    private String phoneNumberId;
    private long channel;

    @BeforeAll
    void setUp() {
        owner = registerOrg("Inbox");
        agent = addMember(owner, "AGENT");
        phoneNumberId = "55" + System.nanoTime() % 1_000_000_000L;
        channel = api.post("/api/v1/channels", obj("name", "Inbox line", "provider", "cloud", "phoneNumberId", phoneNumberId,
                "wabaId", "w", "accessToken", "EAAG-test", "appSecret", SECRET, "verifyToken", "v",
                "graphBaseUrl", graph.baseUrl()), owner.accessToken()).json().get("id").asLong();
    }

    @AfterAll
    void stopGraph() {
        graph.close();
    }

    @Test
    void searchIsAccentAndCaseInsensitiveAndFindsNumbersAndMessageText() {
        long mueller = customerWrites("4915112340101", "Jürgen Müller", "Wo bleibt meine Bestellung?");
        long lena = customerWrites("4915112340102", "Lena", "Is the blue rain JACKET waterproof?");

        assertThat(search("muller")).containsExactly(mueller);
        assertThat(search("MÜLLER")).containsExactly(mueller);
        assertThat(search("jurg")).containsExactly(mueller);
        assertThat(search("jacket")).containsExactly(lena);
        assertThat(search("blue rain")).containsExactly(lena);
        assertThat(search("2340102")).containsExactly(lena);
        assertThat(search("+49 151 1234 0101")).containsExactly(mueller);
        assertThat(search("nothing-like-this")).isEmpty();
    }

    @Test
    void filtersTabsAndCountsFollowAssignmentAndStatus() {
        long a = customerWrites("4915112340201", "Filter A", "first");
        long b = customerWrites("4915112340202", "Filter B", "second");
        long c = customerWrites("4915112340203", "Filter C", "zanzibar");
        Member agent = addMember(owner, "AGENT");
        long team = api.post("/api/v1/teams", obj("name", "Returns"), owner.accessToken()).json().get("id").asLong();

        assertThat(patch(a, obj("assigneeId", agent.userId(), "labels", List.of("vip", "returns"), "priority", "high"),
                agent).status()).isEqualTo(200);
        assertThat(patch(b, obj("status", "RESOLVED", "teamId", team), owner).status()).isEqualTo(200);

        assertThat(ids("assignee=me", agent)).containsExactly(a);
        assertThat(ids("assignee=" + agent.userId(), owner)).containsExactly(a);
        assertThat(ids("assignee=none&status=OPEN", owner)).contains(c).doesNotContain(a, b);
        assertThat(ids("status=RESOLVED", owner)).containsExactly(b);
        assertThat(ids("label=vip", owner)).containsExactly(a);
        assertThat(ids("teamId=" + team, owner)).containsExactly(b);
        assertThat(ids("channelId=" + channel + "&q=zanzibar", owner)).containsExactly(c);
        JsonNode counts = api.get("/api/v1/conversations/counts", agent.accessToken()).json();
        assertThat(counts.get("mine").asLong()).isEqualTo(1);
        assertThat(counts.get("all").asLong()).isGreaterThanOrEqualTo(2);
        JsonNode detail = api.get("/api/v1/conversations/" + a, owner.accessToken()).json();
        assertThat(detail.get("priority").asText()).isEqualTo("HIGH");
        assertThat(detail.get("labels").toString()).contains("vip").contains("returns");

        assertProblem(api.get("/api/v1/conversations?status=DONE", owner.accessToken()), 400);
        assertProblem(api.get("/api/v1/conversations?assignee=someone", owner.accessToken()), 400);
        assertProblem(api.get("/api/v1/conversations?teamId=x", owner.accessToken()), 400);
    }

    @Test
    void changesAreCheckedAndTenantIsolated() {
        long id = customerWrites("4915112340301", "Checked", "hello");
        Member stranger = registerOrg("Inbox stranger");
        Member otherAgent = addMember(owner, "AGENT");

        assertProblem(patch(id, obj("status", "CLOSED"), owner), 400);
        assertProblem(patch(id, obj("status", "SNOOZED"), owner), 400);
        assertProblem(patch(id, obj("status", "SNOOZED", "snoozedUntil", "2020-01-01T00:00:00Z"), owner), 400);
        assertProblem(patch(id, obj("priority", "MEGA"), owner), 400);
        assertProblem(patch(id, obj("labels", "vip"), owner), 400);
        assertProblem(patch(id, obj("assigneeId", stranger.userId()), owner), 400);
        assertProblem(patch(id, obj("teamId", 999_999_999), owner), 400);
        assertProblem(patch(id, obj("assigneeId", otherAgent.userId()), agent), 403);
        assertProblem(patch(id, obj("status", "RESOLVED"), stranger), 404);
        assertProblem(api.post("/api/v1/conversations/" + id + "/notes", obj("text", "peek"), stranger.accessToken()), 404);
        assertThat(patch(id, obj("assigneeId", agent.userId()), agent).status()).isEqualTo(200);
        assertThat(patch(id, obj("assigneeId", null), agent).json().get("assigneeId").isNull()).isTrue();
    }

    @Test
    void aSnoozedConversationWakesAtItsTimeOrWhenTheCustomerWrites() {
        long early = customerWrites("4915112340401", "Sleeper", "remind me");
        assertThat(patch(early, obj("status", "SNOOZED", "snoozedUntil", Instant.now().plusSeconds(1).toString()), owner)
                .json().get("status").asText()).isEqualTo("SNOOZED");
        Eventually.await("snooze wake-up", Duration.ofSeconds(10),
                () -> api.get("/api/v1/conversations/" + early, owner.accessToken()).json().get("status").asText().equals("OPEN"));

        long later = customerWrites("4915112340402", "Impatient", "hello?");
        patch(later, obj("status", "SNOOZED", "snoozedUntil", Instant.now().plus(Duration.ofDays(2)).toString()), owner);
        assertThat(customerWrites("4915112340402", "Impatient", "anyone there?")).isEqualTo(later);
        assertThat(api.get("/api/v1/conversations/" + later, owner.accessToken()).json().get("status").asText()).isEqualTo("OPEN");

        patch(later, obj("status", "RESOLVED"), owner);
        assertThat(customerWrites("4915112340402", "Impatient", "one more thing")).as("reopens, same thread").isEqualTo(later);
        assertThat(api.get("/api/v1/conversations/" + later, owner.accessToken()).json().get("status").asText()).isEqualTo("OPEN");
    }

    @Test
    void notesStayInParleyAndUnreadCountsArePerAgent() {
        long id = customerWrites("4915112340501", "Noted", "first question");
        customerWrites("4915112340501", "Noted", "second question");
        int sendsBefore = graph.sends().size();

        Api.Response note = api.post("/api/v1/conversations/" + id + "/notes", obj("text", "Customer is a VIP, be nice"),
                agent.accessToken());
        assertThat(note.status()).as(note.toString()).isEqualTo(201);
        assertThat(note.json().get("note").asBoolean()).isTrue();
        assertThat(note.json().get("type").asText()).isEqualTo("note");
        assertThat(messages(id)).anyMatch(m -> m.get("note").asBoolean() && m.get("text").asText().contains("VIP"));
        assertProblem(api.post("/api/v1/conversations/" + id + "/notes", obj("text", " "), agent.accessToken()), 400);

        assertThat(unread(id, agent)).isEqualTo(2);
        assertThat(api.post("/api/v1/conversations/" + id + "/read", null, agent.accessToken()).status()).isEqualTo(204);
        assertThat(unread(id, agent)).isZero();
        assertThat(unread(id, owner)).as("the owner has not read it").isEqualTo(2);
        customerWrites("4915112340501", "Noted", "third question");
        assertThat(unread(id, agent)).isEqualTo(1);

        assertThat(graph.sends().size()).as("a note never reaches WhatsApp").isEqualTo(sendsBefore);
        assertThat(search("vip")).contains(id);
    }

    // --- helpers ---------------------------------------------------------------------------------

    private long customerWrites(String waId, String name, String text) {
        String body = """
                {"object":"whatsapp_business_account","entry":[{"id":"w","changes":[{"field":"messages","value":{
                 "messaging_product":"whatsapp","metadata":{"display_phone_number":"1","phone_number_id":"%s"},
                 "contacts":[{"profile":{"name":"%s"},"wa_id":"%s"}],
                 "messages":[{"from":"%s","id":"wamid.inbox.%d","timestamp":"%d","type":"text","text":{"body":"%s"}}]}}]}]}
                """.formatted(phoneNumberId, name, waId, waId, System.nanoTime(), Instant.now().getEpochSecond(), text);
        Api.Response res = api.raw("POST", "/webhooks/whatsapp", body,
                Map.of("X-Hub-Signature-256", WebhookSignature.sign(body.getBytes(StandardCharsets.UTF_8), SECRET)));
        assertThat(res.status()).as(res.toString()).isEqualTo(200);
        return db.inOrg(owner.orgId(), tx -> tx.get("SELECT c.id FROM conversation c JOIN contact k ON k.id = c.contact_id"
                + " WHERE k.wa_id = :wa").addParam("wa", waId).execute().orElseThrow().column("id").getLong());
    }

    private Api.Response patch(long id, Object body, Member who) {
        return api.patch("/api/v1/conversations/" + id, body, who.accessToken());
    }

    private List<Long> ids(String query, Member who) {
        Api.Response res = api.get("/api/v1/conversations?" + query, who.accessToken());
        assertThat(res.status()).as(res.toString()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        res.json().get("items").forEach(c -> ids.add(c.get("id").asLong()));
        return ids;
    }

    private List<Long> search(String q) {
        return ids("q=" + java.net.URLEncoder.encode(q, StandardCharsets.UTF_8), owner);
    }

    private List<JsonNode> messages(long conversation) {
        List<JsonNode> list = new ArrayList<>();
        api.get("/api/v1/conversations/" + conversation + "/messages", owner.accessToken()).json().get("items").forEach(list::add);
        return list;
    }

    private int unread(long conversation, Member who) {
        return api.get("/api/v1/conversations/" + conversation, who.accessToken()).json().get("unreadCount").asInt();
    }
}
