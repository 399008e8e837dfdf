package io.parley.server.org;

import io.parley.server.testing.Api;
import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.Test;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

class ApiKeysApiTest extends ServerTestSupport {

    @Test
    void aKeyIsShownOnceAndWorksAsBearerUntilDeleted() {
        Member owner = registerOrg("Integrations");

        Api.Response created = api.post("/api/v1/api-keys", obj("name", "CRM sync", "role", "SUPERVISOR"),
                owner.accessToken());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String key = created.json().get("key").asText();
        long id = created.json().get("id").asLong();
        assertThat(key).startsWith("pk_").startsWith(created.json().get("prefix").asText());

        Api.Response me = api.get("/api/v1/auth/me", key);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("org").get("id").asLong()).isEqualTo(owner.orgId());
        assertThat(me.json().get("user").isNull()).isTrue();
        assertThat(api.get("/api/v1/users", key).status()).isEqualTo(200);
        // A SUPERVISOR key cannot do ADMIN things.
        assertProblem(api.post("/api/v1/invitations", obj("email", uniqueEmail("k"), "role", "AGENT"), key), 403);

        Api.Response list = api.get("/api/v1/api-keys", owner.accessToken());
        assertThat(list.body()).doesNotContain(key);
        assertThat(list.json().get("items").get(0).has("key")).isFalse();
        assertThat(list.json().get("items").get(0).get("lastUsedAt").isNull()).isFalse();

        assertThat(api.delete("/api/v1/api-keys/" + id, owner.accessToken()).status()).isEqualTo(204);
        assertProblem(api.get("/api/v1/auth/me", key), 401);
        assertThat(api.get("/api/v1/audit", owner.accessToken()).json().get("items").findValuesAsText("action"))
                .contains("api_key.created", "api_key.deleted");
    }

    @Test
    void keysCannotOutrankTheirCreatorAndNeedAName() {
        Member owner = registerOrg("Capped");
        Member admin = addMember(owner, "ADMIN");
        Member agent = addMember(owner, "AGENT");

        assertProblem(api.post("/api/v1/api-keys", obj("name", "too strong", "role", "OWNER"), admin.accessToken()), 403);
        assertProblem(api.post("/api/v1/api-keys", obj("name", "agent key"), agent.accessToken()), 403);
        assertProblem(api.post("/api/v1/api-keys", obj("role", "AGENT"), admin.accessToken()), 400);
        Api.Response defaulted = api.post("/api/v1/api-keys", obj("name", "default role"), admin.accessToken());
        assertThat(defaulted.json().get("role").asText()).isEqualTo("ADMIN");
        assertProblem(api.get("/api/v1/auth/me", "pk_not_a_real_key"), 401);
    }

    @Test
    void anotherOrganisationsKeyIsNotFound() {
        Member owner = registerOrg("Key owner");
        Member other = registerOrg("Key thief");
        long theirs = api.post("/api/v1/api-keys", obj("name", "theirs"), other.accessToken()).json().get("id").asLong();

        assertProblem(api.delete("/api/v1/api-keys/" + theirs, owner.accessToken()), 404);
        assertThat(api.get("/api/v1/api-keys", owner.accessToken()).json().get("items")).isEmpty();
        assertThat(api.get("/api/v1/api-keys", other.accessToken()).json().get("items")).hasSize(1);
    }
}
