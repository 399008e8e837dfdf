package io.parley.server.inbox;

import io.parley.server.testing.Api;
import io.parley.server.testing.Eventually;
import io.parley.server.testing.ServerTestSupport;
import io.parley.server.testing.SseClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

class AutoAssignmentTest extends ServerTestSupport {

    @Test
    void newConversationsGoRoundRobinToOnlineTeamAgentsWithinTheLimit() {
        Member owner = registerOrg("Round robin");
        Member first = addMember(owner, "AGENT");
        Member second = addMember(owner, "AGENT");
        Member offline = addMember(owner, "AGENT");
        long team = api.post("/api/v1/teams", obj("name", "Support", "memberIds",
                List.of(first.userId(), second.userId(), offline.userId())), owner.accessToken()).json().get("id").asLong();
        long channel = api.post("/api/v1/channels", obj("name", "S", "provider", "sandbox"), owner.accessToken())
                .json().get("id").asLong();
        assertThat(api.patch("/api/v1/channels/" + channel, obj("teamId", team), owner.accessToken())
                .json().get("teamId").asLong()).isEqualTo(team);
        assertThat(api.patch("/api/v1/inbox/settings", obj("autoAssign", true, "maxOpenPerAgent", 2), owner.accessToken())
                .json().get("autoAssign").asBoolean()).isTrue();

        try (SseClient a = SseClient.connect(server.port(), first.accessToken(), null);
             SseClient b = SseClient.connect(server.port(), second.accessToken(), null)) {
            Eventually.await("both agents online", Duration.ofSeconds(10), () -> online(owner, first) && online(owner, second));
            List<Long> assignees = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                assignees.add(assigneeAfterCustomerWrites(owner, channel, "+49151123430" + (10 + i)));
            }

            assertThat(assignees.subList(0, 4)).containsExactlyInAnyOrder(first.userId(), second.userId(),
                    first.userId(), second.userId());
            assertThat(assignees.get(0)).isNotEqualTo(assignees.get(1));
            assertThat(assignees.get(4)).as("both are at their limit of 2").isNull();
            assertThat(assignees).doesNotContain(offline.userId());
        }

        api.patch("/api/v1/inbox/settings", obj("autoAssign", false), owner.accessToken());
        assertThat(assigneeAfterCustomerWrites(owner, channel, "+4915112343099")).isNull();
    }

    @Test
    void settingsNeedAnAdminAndSaneValues() {
        Member owner = registerOrg("Settings");
        Member agent = addMember(owner, "AGENT");

        assertThat(api.get("/api/v1/inbox/settings", agent.accessToken()).json().get("autoAssign").asBoolean()).isFalse();
        assertProblem(api.patch("/api/v1/inbox/settings", obj("autoAssign", true), agent.accessToken()), 403);
        assertProblem(api.patch("/api/v1/inbox/settings", obj("maxOpenPerAgent", 0), owner.accessToken()), 400);
        long channel = api.post("/api/v1/channels", obj("name", "S", "provider", "sandbox"), owner.accessToken())
                .json().get("id").asLong();
        assertProblem(api.patch("/api/v1/channels/" + channel, obj("teamId", 999_999_999), owner.accessToken()), 400);
    }

    private Long assigneeAfterCustomerWrites(Member owner, long channel, String phone) {
        Api.Response res = api.post("/api/v1/sandbox/" + channel + "/inbound", obj("from", phone, "text", "help"),
                owner.accessToken());
        assertThat(res.status()).as(res.toString()).isEqualTo(201);
        var conversation = api.get("/api/v1/conversations/" + res.json().get("conversationId").asLong(), owner.accessToken()).json();
        return conversation.get("assigneeId").isNull() ? null : conversation.get("assigneeId").asLong();
    }

    private boolean online(Member owner, Member who) {
        for (var u : api.get("/api/v1/users", owner.accessToken()).json().get("items")) {
            if (u.get("id").asLong() == who.userId()) {
                return u.get("online").asBoolean();
            }
        }
        return false;
    }
}
