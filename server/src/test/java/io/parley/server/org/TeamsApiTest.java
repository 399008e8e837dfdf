package io.parley.server.org;

import io.parley.server.testing.Api;
import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

class TeamsApiTest extends ServerTestSupport {

    @Test
    void adminsManageTeamsAndMembers() {
        Member owner = registerOrg("Teams");
        Member agent = addMember(owner, "AGENT");

        Api.Response created = api.post("/api/v1/teams", obj("name", "Support", "memberIds", List.of(agent.userId())),
                owner.accessToken());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.json().get("memberIds").get(0).asLong()).isEqualTo(agent.userId());

        Api.Response renamed = api.patch("/api/v1/teams/" + id,
                obj("name", "Tier 1", "memberIds", List.of(agent.userId(), owner.userId())), owner.accessToken());
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.json().get("name").asText()).isEqualTo("Tier 1");
        assertThat(renamed.json().get("memberIds")).hasSize(2);

        assertThat(api.get("/api/v1/teams", agent.accessToken()).json().get("items").findValuesAsText("name"))
                .containsExactly("Tier 1");
        assertThat(api.get("/api/v1/teams/" + id, agent.accessToken()).status()).isEqualTo(200);
        assertProblem(api.post("/api/v1/teams", obj("name", "Rogue"), agent.accessToken()), 403);
        assertProblem(api.delete("/api/v1/teams/" + id, agent.accessToken()), 403);

        assertThat(api.delete("/api/v1/teams/" + id, owner.accessToken()).status()).isEqualTo(204);
        assertProblem(api.get("/api/v1/teams/" + id, owner.accessToken()), 404);
    }

    @Test
    void badTeamRequestsAreRefused() {
        Member owner = registerOrg("Picky");
        Member stranger = registerOrg("Strangers");
        api.post("/api/v1/teams", obj("name", "Sales"), owner.accessToken());

        assertProblem(api.post("/api/v1/teams", obj("name", "sales"), owner.accessToken()), 409);
        assertProblem(api.post("/api/v1/teams", obj("name", ""), owner.accessToken()), 400);
        assertProblem(api.post("/api/v1/teams", obj("name", "x".repeat(101)), owner.accessToken()), 400);
        Api.Response foreignMember = api.post("/api/v1/teams", obj("name", "Mixed",
                "memberIds", List.of(stranger.userId())), owner.accessToken());
        assertProblem(foreignMember, 400);
        assertThat(foreignMember.json().get("errors").get(0).get("field").asText()).isEqualTo("memberIds");
        assertThat(api.get("/api/v1/teams", owner.accessToken()).json().get("items")).hasSize(1);
    }

    @Test
    void anotherOrganisationsTeamIsNotFound() {
        Member owner = registerOrg("Home team");
        Member other = registerOrg("Away team");
        long theirs = api.post("/api/v1/teams", obj("name", "Theirs"), other.accessToken()).json().get("id").asLong();

        assertProblem(api.get("/api/v1/teams/" + theirs, owner.accessToken()), 404);
        assertProblem(api.patch("/api/v1/teams/" + theirs, obj("name", "Mine now"), owner.accessToken()), 404);
        assertProblem(api.delete("/api/v1/teams/" + theirs, owner.accessToken()), 404);
        assertThat(api.get("/api/v1/teams", owner.accessToken()).json().get("items")).isEmpty();
        assertThat(api.get("/api/v1/teams/" + theirs, other.accessToken()).json().get("name").asText()).isEqualTo("Theirs");
    }
}
