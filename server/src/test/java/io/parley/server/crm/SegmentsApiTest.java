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

/** Saved segments: the filter language, its counts, its refusals, and values that never become SQL. */
class SegmentsApiTest extends ServerTestSupport {

    @Test
    void segmentsCountAndFilterTheListByEveryKindOfCondition() {
        Member owner = registerOrg("Segment shop");
        api.post("/api/v1/custom-fields", obj("key", "seats", "label", "Seats", "type", "NUMBER"), owner.accessToken());
        api.post("/api/v1/custom-fields", obj("key", "renewal", "label", "Renewal", "type", "DATE"), owner.accessToken());
        contact(owner, "Anna", "+4915112346001", List.of("vip"), Map.of("seats", 20, "renewal", "2027-01-15"));
        contact(owner, "Ben", "+4915112346002", List.of("vip", "late"), Map.of("seats", 3));
        contact(owner, "Cleo", "+447911123401", List.of(), Map.of("renewal", "2026-06-01"));
        contact(owner, "Dan", "+447911123402", List.of("late"), Map.of());

        assertThat(segment(owner, "Big German VIPs", "all", cond("tag", "has", "VIP"), cond("phone", "eq", "DE"),
                cond("customFields.seats", "gt", 10))).isEqualTo(1);
        assertThat(segment(owner, "UK or late", "any", cond("phone", "eq", "+44"), cond("tag", "has", "late"))).isEqualTo(3);
        assertThat(segment(owner, "Not late", "all", cond("tag", "hasNot", "late"))).isEqualTo(2);
        assertThat(segment(owner, "Renewing before 2027", "all", cond("customFields.renewal", "before", "2027-01-01"))).isEqualTo(1);
        assertThat(segment(owner, "No seats", "all", cond("customFields.seats", "isNotSet", null))).isEqualTo(2);
        assertThat(segment(owner, "Named with an e", "all", cond("name", "contains", "E"))).as("Ben and Cleo").isEqualTo(2);
        assertThat(segment(owner, "Created this week", "all", cond("createdAt", "withinDays", 7))).isEqualTo(4);
        long everyone = segmentId(owner, "Everyone", "all");

        JsonNode list = api.get("/api/v1/segments", owner.accessToken()).json().get("items");
        assertThat(list).hasSize(8);
        long vip = list.get(0).get("id").asLong();
        assertThat(names(owner, "?segmentId=" + vip)).containsExactly("Anna");
        assertThat(names(owner, "?segmentId=" + everyone + "&tag=late")).containsExactlyInAnyOrder("Ben", "Dan");
    }

    @Test
    void aFilterThatMakesNoSenseIsRefusedNamingItsCondition() {
        Member owner = registerOrg("Bad segments");
        api.post("/api/v1/custom-fields", obj("key", "seats", "label", "Seats", "type", "NUMBER"), owner.accessToken());
        expectRefusal(owner, List.of(cond("tag", "has", "x"), cond("colour", "eq", "red")), "filter.conditions[1]", "colour");
        expectRefusal(owner, List.of(cond("tag", "gt", "x")), "filter.conditions[0]", "operator \"gt\"");
        expectRefusal(owner, List.of(cond("customFields.seats", "gt", "many")), "filter.conditions[0]", "number");
        expectRefusal(owner, List.of(cond("customFields.missing", "isSet", null)), "filter.conditions[0]", "not a custom field");
        expectRefusal(owner, List.of(cond("createdAt", "before", "last tuesday")), "filter.conditions[0]", "date");
        expectRefusal(owner, List.of(cond("phone", "eq", "ZZ")), "filter.conditions[0]", "country");
        expectRefusal(owner, List.of(cond("stageId", "eq", "one")), "filter.conditions[0]", "id");
        Api.Response match = api.post("/api/v1/segments", obj("name", "Odd", "filter", obj("match", "some", "conditions", List.of())),
                owner.accessToken());
        assertProblem(match, 400);
        assertProblem(api.post("/api/v1/segments", obj("name", "No filter"), owner.accessToken()), 400);
    }

    @Test
    void valuesAreParametersNeverSql() {
        Member owner = registerOrg("Hostile segments");
        contact(owner, "Robert'); DROP TABLE contact;--", "+4915112347001", List.of("x' OR '1'='1"), Map.of());
        contact(owner, "Alice", "+4915112347002", List.of(), Map.of());
        assertThat(segment(owner, "Quote", "all", cond("tag", "has", "x' OR '1'='1"))).isEqualTo(1);
        assertThat(segment(owner, "Injection", "all", cond("name", "eq", "x' OR '1'='1"))).isZero();
        assertThat(segment(owner, "Percent", "all", cond("name", "contains", "%"))).as("% is a character, not a wildcard").isZero();
        assertThat(segment(owner, "Drop", "all", cond("name", "contains", "DROP TABLE"))).isEqualTo(1);
        assertThat(names(owner, "")).hasSize(2);
    }

    @Test
    void rolesAndTenantsHoldForSegments() {
        Member owner = registerOrg("Segment roles");
        Member agent = addMember(owner, "AGENT");
        long id = segmentId(agent, "Agents may save", "all", cond("optedOut", "eq", false));
        assertThat(api.patch("/api/v1/segments/" + id, obj("name", "Renamed"), agent.accessToken()).json().get("name").asText())
                .isEqualTo("Renamed");
        assertProblem(api.post("/api/v1/segments", obj("name", "renamed", "filter", obj("match", "all", "conditions", List.of())),
                agent.accessToken()), 409);
        assertProblem(api.delete("/api/v1/segments/" + id, agent.accessToken()), 403);
        Member stranger = registerOrg("Segment strangers");
        assertProblem(api.get("/api/v1/segments/" + id, stranger.accessToken()), 404);
        assertProblem(api.patch("/api/v1/segments/" + id, obj("name", "Mine"), stranger.accessToken()), 404);
        assertProblem(api.delete("/api/v1/segments/" + id, stranger.accessToken()), 404);
        assertProblem(api.get("/api/v1/contacts?segmentId=" + id, stranger.accessToken()), 400);
        assertThat(api.delete("/api/v1/segments/" + id, owner.accessToken()).status()).isEqualTo(204);
    }

    private void expectRefusal(Member owner, List<Map<String, Object>> conditions, String field, String says) {
        Api.Response res = api.post("/api/v1/segments", obj("name", "Refused " + field + says, "filter",
                obj("match", "all", "conditions", conditions)), owner.accessToken());
        assertProblem(res, 400);
        assertThat(res.json().get("errors").get(0).get("field").asText()).isEqualTo(field);
        assertThat(res.json().get("errors").get(0).get("message").asText()).contains(says);
    }

    private void contact(Member owner, String name, String phone, List<String> tags, Map<String, Object> fields) {
        Api.Response res = api.post("/api/v1/contacts", obj("name", name, "phone", phone, "tags", tags, "customFields", fields),
                owner.accessToken());
        assertThat(res.status()).as(res.toString()).isEqualTo(201);
    }

    @SafeVarargs
    private long segment(Member owner, String name, String match, Map<String, Object>... conditions) {
        Api.Response res = api.post("/api/v1/segments", obj("name", name, "filter", obj("match", match, "conditions",
                List.of(conditions))), owner.accessToken());
        assertThat(res.status()).as(res.toString()).isEqualTo(201);
        return res.json().get("contactCount").asLong();
    }

    @SafeVarargs
    private long segmentId(Member owner, String name, String match, Map<String, Object>... conditions) {
        Api.Response res = api.post("/api/v1/segments", obj("name", name, "filter", obj("match", match, "conditions",
                List.of(conditions))), owner.accessToken());
        assertThat(res.status()).as(res.toString()).isEqualTo(201);
        return res.json().get("id").asLong();
    }

    private static Map<String, Object> cond(String field, String op, Object value) {
        Map<String, Object> c = new java.util.HashMap<>();
        c.put("field", field);
        c.put("op", op);
        c.put("value", value);
        return c;
    }

    private List<String> names(Member member, String query) {
        List<String> names = new ArrayList<>();
        api.get("/api/v1/contacts" + query, member.accessToken()).json().get("items").forEach(c -> names.add(c.get("name").asText()));
        return names;
    }
}
