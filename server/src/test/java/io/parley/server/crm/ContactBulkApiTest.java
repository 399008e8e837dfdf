package io.parley.server.crm;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.server.testing.Api;
import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the desktop's bulk actions, pipeline board and condition builder rely on:
 * {@code POST /contacts/bulk}, stage counts under the list's filters, {@code POST /segments/count}.
 */
class ContactBulkApiTest extends ServerTestSupport {

    @Test
    void aBulkChangeReachesEveryContactAndItsTimeline() {
        Member owner = registerOrg("Bulk shop");
        Member agent = addMember(owner, "AGENT");
        Member stranger = registerOrg("Bulk stranger");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(create(owner, "Bulk " + i, "+4915112350" + (100 + i), List.of("old")));
        }
        long foreign = create(stranger, "Not yours", "+4915112350199", List.of());
        long qualified = stage(owner, "Qualified");

        List<Long> asked = new ArrayList<>(ids.subList(0, 3));
        asked.add(foreign);
        Api.Response res = api.post("/api/v1/contacts/bulk", obj("ids", asked, "addTags", List.of("fair"),
                "removeTags", List.of("old"), "stageId", qualified, "ownerId", agent.userId()), agent.accessToken());
        assertThat(res.status()).as(res.toString()).isEqualTo(200);
        assertThat(res.json().get("updated").asInt()).isEqualTo(3);
        assertThat(res.json().get("notFound").get(0).asLong()).as("another org's contact is not touched").isEqualTo(foreign);

        JsonNode first = api.get("/api/v1/contacts/" + ids.getFirst(), owner.accessToken()).json();
        assertThat(first.get("tags").toString()).contains("fair").doesNotContain("old");
        assertThat(first.get("stageId").asLong()).isEqualTo(qualified);
        assertThat(first.get("ownerId").asLong()).isEqualTo(agent.userId());
        String timeline = api.get("/api/v1/contacts/" + ids.getFirst() + "/activities", owner.accessToken()).json().toString();
        assertThat(timeline).contains("Stage: none → Qualified").contains("Tagged fair").contains("Tag removed: old");
        assertThat(api.get("/api/v1/contacts/" + ids.get(4), owner.accessToken()).json().get("tags").toString()).contains("old");
        assertThat(api.get("/api/v1/contacts/" + foreign, stranger.accessToken()).json().get("stageId").isNull()).isTrue();

        Api.Response clear = api.post("/api/v1/contacts/bulk", obj("ids", ids.subList(0, 1), "ownerId", null), owner.accessToken());
        assertThat(clear.status()).isEqualTo(200);
        assertThat(api.get("/api/v1/contacts/" + ids.getFirst(), owner.accessToken()).json().get("ownerId").isNull()).isTrue();

        assertProblem(api.post("/api/v1/contacts/bulk", obj("ids", List.of()), owner.accessToken()), 400);
        assertProblem(api.post("/api/v1/contacts/bulk", obj("ids", ids), owner.accessToken()), 400);
        assertProblem(api.post("/api/v1/contacts/bulk", obj("ids", List.of("x"), "addTags", List.of("a")), owner.accessToken()), 400);
        List<Long> tooMany = new ArrayList<>();
        for (long i = 1; i <= 1_001; i++) {
            tooMany.add(i);
        }
        assertProblem(api.post("/api/v1/contacts/bulk", obj("ids", tooMany, "addTags", List.of("a")), owner.accessToken()), 400);
        Api.Response badStage = api.post("/api/v1/contacts/bulk", obj("ids", ids, "stageId", 999_999), owner.accessToken());
        assertProblem(badStage, 400);
        assertThat(badStage.json().get("errors").toString()).contains("stageId");
        long strangerStage = stage(stranger, "Lead");
        assertProblem(api.post("/api/v1/contacts/bulk", obj("ids", ids, "stageId", strangerStage), owner.accessToken()), 400);
        assertProblem(api.post("/api/v1/contacts/bulk", obj("ids", ids, "addTags", List.of("a")), null), 401);
    }

    @Test
    void stageCountsFollowTheListFiltersAndAFilterIsCountedUnsaved() {
        Member owner = registerOrg("Board shop");
        Member agent = addMember(owner, "AGENT");
        Member stranger = registerOrg("Board stranger");
        long lead = stage(owner, "Lead");
        long won = stage(owner, "Won");
        long a = create(owner, "A", "+4915112350201", List.of("vip"));
        long b = create(owner, "B", "+4915112350202", List.of());
        long c = create(owner, "C", "+4915112350203", List.of("vip"));
        api.post("/api/v1/contacts/bulk", obj("ids", List.of(a, b), "stageId", lead), owner.accessToken());
        api.post("/api/v1/contacts/bulk", obj("ids", List.of(c), "stageId", won, "ownerId", agent.userId()), owner.accessToken());

        assertThat(count(api.get("/api/v1/stages", agent.accessToken()).json(), lead)).isEqualTo(2);
        JsonNode vip = api.get("/api/v1/stages?tag=vip", agent.accessToken()).json();
        assertThat(count(vip, lead)).isEqualTo(1);
        assertThat(count(vip, won)).isEqualTo(1);
        JsonNode mine = api.get("/api/v1/stages?ownerId=" + agent.userId(), agent.accessToken()).json();
        assertThat(count(mine, lead)).isZero();
        assertThat(count(mine, won)).isEqualTo(1);
        assertProblem(api.get("/api/v1/stages?ownerId=me", agent.accessToken()), 400);
        create(stranger, "Z", "+4915112350204", List.of("vip"));
        assertThat(count(api.get("/api/v1/stages?tag=vip", stranger.accessToken()).json(), stage(stranger, "Lead"))).isZero();

        Api.Response counted = api.post("/api/v1/segments/count", obj("filter", obj("match", "all", "conditions",
                List.of(obj("field", "tag", "op", "has", "value", "vip")))), agent.accessToken());
        assertThat(counted.status()).as(counted.toString()).isEqualTo(200);
        assertThat(counted.json().get("contactCount").asLong()).as("the other org's vip is not counted").isEqualTo(2);
        Api.Response bad = api.post("/api/v1/segments/count", obj("filter", obj("match", "all", "conditions",
                List.of(obj("field", "shoeSize", "op", "eq", "value", 42)))), agent.accessToken());
        assertProblem(bad, 400);
        assertThat(bad.json().get("errors").toString()).contains("filter.conditions[0]");
        assertProblem(api.post("/api/v1/segments/count", obj(), agent.accessToken()), 400);
        assertProblem(api.post("/api/v1/segments/count", obj("filter", obj("match", "all", "conditions", List.of())), null), 401);
    }

    private long create(Member member, String name, String phone, List<String> tags) {
        Api.Response res = api.post("/api/v1/contacts", obj("name", name, "phone", phone, "tags", tags), member.accessToken());
        assertThat(res.status()).as(res.toString()).isEqualTo(201);
        return res.json().get("id").asLong();
    }

    private long stage(Member member, String name) {
        for (JsonNode stage : api.get("/api/v1/stages", member.accessToken()).json().get("items")) {
            if (stage.get("name").asText().equals(name)) {
                return stage.get("id").asLong();
            }
        }
        throw new AssertionError("no stage " + name);
    }

    private static long count(JsonNode stages, long stageId) {
        for (JsonNode stage : stages.get("items")) {
            if (stage.get("id").asLong() == stageId) {
                return stage.get("contactCount").asLong();
            }
        }
        throw new AssertionError("no stage " + stageId);
    }
}
