package io.parley.server.inbox;

import io.parley.server.testing.Api;
import io.parley.server.testing.ServerTestSupport;
import io.parley.server.testing.SseClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** An organisation that restricts agents to their own and their team's conversations. */
class VisibilityTest extends ServerTestSupport {

    @Test
    void restrictedAgentsSeeOnlyTheirOwnAndTheirTeamsConversationsEverywhere() {
        Member owner = registerOrg("Need to know");
        Member agent = addMember(owner, "AGENT");
        Member colleague = addMember(owner, "AGENT");
        Member supervisor = addMember(owner, "SUPERVISOR");
        long team = api.post("/api/v1/teams", obj("name", "Billing", "memberIds", List.of(agent.userId())),
                owner.accessToken()).json().get("id").asLong();
        long channel = api.post("/api/v1/channels", obj("name", "S", "provider", "sandbox"), owner.accessToken())
                .json().get("id").asLong();
        long mine = customerWrites(owner, channel, "+4915112344001", "mine");
        long teams = customerWrites(owner, channel, "+4915112344002", "team's");
        long nobodys = customerWrites(owner, channel, "+4915112344003", "nobody's");
        long theirs = customerWrites(owner, channel, "+4915112344004", "colleague's");
        api.patch("/api/v1/conversations/" + mine, obj("assigneeId", agent.userId()), owner.accessToken());
        api.patch("/api/v1/conversations/" + teams, obj("teamId", team), owner.accessToken());
        api.patch("/api/v1/conversations/" + theirs, obj("assigneeId", colleague.userId()), owner.accessToken());

        assertThat(ids(agent)).as("before the org restricts").contains(mine, teams, nobodys, theirs);
        assertThat(api.patch("/api/v1/inbox/settings", obj("agentScope", "ASSIGNED_OR_TEAM"), owner.accessToken())
                .status()).isEqualTo(200);
        assertProblem(api.patch("/api/v1/inbox/settings", obj("agentScope", "SOME"), owner.accessToken()), 400);

        assertThat(ids(agent)).containsExactlyInAnyOrder(mine, teams);
        assertThat(ids(supervisor)).contains(mine, teams, nobodys, theirs);
        assertThat(api.get("/api/v1/conversations/counts", agent.accessToken()).json().get("all").asLong()).isEqualTo(2);
        assertProblem(api.get("/api/v1/conversations/" + nobodys, agent.accessToken()), 404);
        assertProblem(api.get("/api/v1/conversations/" + theirs + "/messages", agent.accessToken()), 404);
        assertProblem(api.post("/api/v1/conversations/" + theirs + "/messages", obj("type", "text", "text", "hi"),
                agent.accessToken()), 404);
        assertProblem(api.patch("/api/v1/conversations/" + nobodys, obj("assigneeId", agent.userId()), agent.accessToken()), 404);
        assertThat(api.get("/api/v1/conversations/" + teams, agent.accessToken()).status()).isEqualTo(200);

        try (SseClient stream = SseClient.connect(server.port(), agent.accessToken(), null)) {
            customerWrites(owner, channel, "+4915112344003", "secret for others");
            customerWrites(owner, channel, "+4915112344001", "for the agent");
            List<SseClient.Event> seen = stream.until(e -> e.data().contains("for the agent"), Duration.ofSeconds(10));
            assertThat(seen).noneMatch(e -> e.data().contains("secret for others"));
        }
    }

    private long customerWrites(Member owner, long channel, String phone, String text) {
        Api.Response res = api.post("/api/v1/sandbox/" + channel + "/inbound", obj("from", phone, "text", text),
                owner.accessToken());
        assertThat(res.status()).as(res.toString()).isEqualTo(201);
        return res.json().get("conversationId").asLong();
    }

    private List<Long> ids(Member who) {
        List<Long> ids = new ArrayList<>();
        api.get("/api/v1/conversations", who.accessToken()).json().get("items").forEach(c -> ids.add(c.get("id").asLong()));
        return ids;
    }
}
