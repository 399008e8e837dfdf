package io.parley.server.org;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.server.testing.Api;
import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

class UsersApiTest extends ServerTestSupport {

    @Test
    void listShowsOnlyTheCallersOrganisationWithPaging() {
        Member owner = registerOrg("Listing");
        addMember(owner, "AGENT");
        addMember(owner, "SUPERVISOR");
        Member stranger = registerOrg("Elsewhere");

        Api.Response page1 = api.get("/api/v1/users?limit=2", owner.accessToken());
        assertThat(page1.status()).isEqualTo(200);
        List<String> emails = new ArrayList<>(page1.json().get("items").findValuesAsText("email"));
        String cursor = page1.json().get("nextCursor").asText();
        Api.Response page2 = api.get("/api/v1/users?limit=2&cursor=" + cursor, owner.accessToken());
        emails.addAll(page2.json().get("items").findValuesAsText("email"));

        assertThat(page1.json().get("items")).hasSize(2);
        assertThat(page2.json().get("nextCursor").isNull()).isTrue();
        assertThat(emails).hasSize(3).contains(owner.email()).doesNotContain(stranger.email());
        assertProblem(api.get("/api/v1/users?limit=0", owner.accessToken()), 400);
        assertProblem(api.get("/api/v1/users?limit=201", owner.accessToken()), 400);
        assertProblem(api.get("/api/v1/users?cursor=bm90LWEtY3Vyc29y", owner.accessToken()), 400);
        assertProblem(api.get("/api/v1/users", null), 401);
    }

    @Test
    void anotherOrganisationsUserIsNotFound() {
        Member owner = registerOrg("Mine");
        Member other = registerOrg("Theirs");

        assertProblem(api.get("/api/v1/users/" + other.userId(), owner.accessToken()), 404);
        assertProblem(api.patch("/api/v1/users/" + other.userId(), obj("name", "Renamed"), owner.accessToken()), 404);
        assertProblem(api.get("/api/v1/users/abc", owner.accessToken()), 404);
        assertThat(api.get("/api/v1/users/" + owner.userId(), owner.accessToken()).status()).isEqualTo(200);
    }

    @Test
    void adminsChangeRolesAndNamesAndAgentsMayNot() {
        Member owner = registerOrg("Roles");
        Member admin = addMember(owner, "ADMIN");
        Member agent = addMember(owner, "AGENT");

        Api.Response promoted = api.patch("/api/v1/users/" + agent.userId(), obj("role", "SUPERVISOR", "name", "Sam"),
                admin.accessToken());
        assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
        assertThat(promoted.json().get("role").asText()).isEqualTo("SUPERVISOR");
        assertThat(promoted.json().get("name").asText()).isEqualTo("Sam");
        // The new role applies at once, without waiting for the access token to expire.
        assertThat(api.get("/api/v1/auth/me", agent.accessToken()).json().get("user").get("role").asText())
                .isEqualTo("SUPERVISOR");

        Member another = addMember(owner, "AGENT");
        assertProblem(api.patch("/api/v1/users/" + agent.userId(), obj("role", "AGENT"), another.accessToken()), 403);
        assertProblem(api.patch("/api/v1/users/" + agent.userId(), obj("role", "KING"), admin.accessToken()), 400);
        assertProblem(api.patch("/api/v1/users/" + agent.userId(), obj("name", " "), admin.accessToken()), 400);
        assertProblem(api.patch("/api/v1/users/" + agent.userId(), obj("active", "maybe"), admin.accessToken()), 400);
    }

    @Test
    void onlyOwnersTouchOwnersAndTheLastActiveOwnerStays() {
        Member owner = registerOrg("Ownership");
        Member admin = addMember(owner, "ADMIN");

        assertProblem(api.patch("/api/v1/users/" + admin.userId(), obj("role", "OWNER"), admin.accessToken()), 403);
        assertProblem(api.patch("/api/v1/users/" + owner.userId(), obj("active", false), admin.accessToken()), 403);
        assertProblem(api.patch("/api/v1/users/" + owner.userId(), obj("role", "ADMIN"), owner.accessToken()), 422);
        assertProblem(api.patch("/api/v1/users/" + owner.userId(), obj("active", false), owner.accessToken()), 422);

        assertThat(api.patch("/api/v1/users/" + admin.userId(), obj("role", "OWNER"), owner.accessToken()).status())
                .isEqualTo(200);
        Api.Response stepDown = api.patch("/api/v1/users/" + owner.userId(), obj("role", "ADMIN"), owner.accessToken());
        assertThat(stepDown.status()).as(stepDown.toString()).isEqualTo(200);
        assertProblem(api.patch("/api/v1/users/" + admin.userId(), obj("role", "AGENT"), admin.accessToken()), 422);
    }

    @Test
    void deactivatedUsersAreLockedOutAtOnce() {
        Member owner = registerOrg("Offboarding");
        Member agent = addMember(owner, "AGENT");

        Api.Response res = api.patch("/api/v1/users/" + agent.userId(), obj("active", false), owner.accessToken());

        assertThat(res.status()).isEqualTo(200);
        assertThat(res.json().get("active").asBoolean()).isFalse();
        assertProblem(api.get("/api/v1/auth/me", agent.accessToken()), 401);
        assertProblem(api.post("/api/v1/auth/refresh", obj("refreshToken", agent.refreshToken()), null), 401);
        assertProblem(api.post("/api/v1/auth/login", obj("email", agent.email(), "password", agent.password()), null), 401);

        List<String> actions = audit(owner);
        assertThat(actions).contains("user.deactivated");

        assertThat(api.patch("/api/v1/users/" + agent.userId(), obj("active", true), owner.accessToken()).status())
                .isEqualTo(200);
        assertThat(api.post("/api/v1/auth/login", obj("email", agent.email(), "password", agent.password()), null)
                .status()).isEqualTo(200);
    }

    @Test
    void roleChangesAreAudited() {
        Member owner = registerOrg("Audited");
        Member agent = addMember(owner, "AGENT");
        api.patch("/api/v1/users/" + agent.userId(), obj("role", "ADMIN"), owner.accessToken());

        JsonNode entries = api.get("/api/v1/audit", owner.accessToken()).json().get("items");
        JsonNode change = null;
        for (JsonNode entry : entries) {
            if (entry.get("action").asText().equals("user.role_changed")) {
                change = entry;
            }
        }

        assertThat(change).isNotNull();
        assertThat(change.get("actorUserId").asLong()).isEqualTo(owner.userId());
        assertThat(change.get("targetId").asText()).isEqualTo(Long.toString(agent.userId()));
        assertThat(change.get("details").get("from").asText()).isEqualTo("AGENT");
        assertThat(change.get("details").get("to").asText()).isEqualTo("ADMIN");
        Member supervisor = addMember(owner, "SUPERVISOR");
        assertProblem(api.get("/api/v1/audit", supervisor.accessToken()), 403);
        assertProblem(api.get("/api/v1/audit", null), 401);
    }

    private List<String> audit(Member admin) {
        return api.get("/api/v1/audit", admin.accessToken()).json().get("items").findValuesAsText("action");
    }
}
