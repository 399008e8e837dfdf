package io.parley.server.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.server.testing.Api;
import io.parley.server.testing.Fixtures;
import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Mutated fixtures — fields dropped, types swapped, huge strings, deep nesting, NUL characters —
 * signed and posted: the webhook never answers 5xx, and a refused delivery leaves no rows behind.
 */
class WebhookFuzzTest extends ServerTestSupport {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SECRET = "fuzz-secret";
    private static final String PHONE = "409552778964973";
    private Member owner;

    @BeforeAll
    void channel() {
        owner = registerOrg("Fuzz");
        assertThat(api.post("/api/v1/channels", obj("name", "Fuzzed", "provider", "cloud", "phoneNumberId", PHONE,
                "wabaId", "880480571844883", "accessToken", "t", "appSecret", SECRET, "verifyToken", "v"),
                owner.accessToken()).status()).isEqualTo(201);
    }

    @Test
    void mutatedFixturesNeverCauseServerErrorsOrPartialWrites() throws IOException {
        Mutator mutator = new Mutator(new Random(20261121));
        List<String> failures = new ArrayList<>();
        int posted = 0;
        for (String fixture : Fixtures.names()) {
            for (int round = 0; round < 6; round++) {
                JsonNode body = MAPPER.readTree(Fixtures.bytes(fixture));
                retarget(body);
                byte[] bytes = MAPPER.writeValueAsBytes(mutator.mutate(body));
                long before = rows();
                Api.Response res = api.raw("POST", "/webhooks/whatsapp", new String(bytes, StandardCharsets.UTF_8),
                        Map.of("X-Hub-Signature-256", WebhookSignature.sign(bytes, SECRET)));
                posted++;
                if (res.status() >= 500) {
                    failures.add(fixture + " round " + round + " → " + res.status() + " " + res.body());
                } else if (res.status() != 200 && rows() != before) {
                    failures.add(fixture + " round " + round + " → " + res.status() + " but rows were written");
                }
            }
        }
        assertThat(posted).isGreaterThanOrEqualTo(200);
        assertThat(failures).isEmpty();
    }

    @Test
    void absurdBodiesAreRefusedCleanly() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        for (String body : List.of(deep, "{\"entry\": \"not a list\"}", "{\"entry\": [{\"changes\": 7}]}", "\"text\"", "")) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            Api.Response res = api.raw("POST", "/webhooks/whatsapp", body, Map.of("X-Hub-Signature-256",
                    WebhookSignature.sign(bytes, SECRET)));
            assertThat(res.status()).as(body.length() > 40 ? body.substring(0, 40) : body).isIn(200, 400);
        }
    }

    /** Points every change at this test's channel so that mutated bodies reach the store. */
    private static void retarget(JsonNode body) {
        for (JsonNode entry : body.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                if (change.path("value").path("metadata") instanceof ObjectNode metadata) {
                    metadata.put("phone_number_id", PHONE);
                }
            }
        }
    }

    private long rows() {
        return db.inOrg(owner.orgId(), tx -> tx.get("SELECT (SELECT count(*) FROM message) + (SELECT count(*) FROM contact)"
                + " + (SELECT count(*) FROM event) + (SELECT count(*) FROM conversation) AS n").execute().orElseThrow()
                .column("n").getLong());
    }

    /** One random change to a body: drop a field, swap a type, a huge or odd string, deep nesting, ... */
    private static final class Mutator {
        private final Random random;

        Mutator(Random random) {
            this.random = random;
        }

        JsonNode mutate(JsonNode root) {
            ObjectNode target = randomObject(root);
            List<String> names = new ArrayList<>();
            target.fieldNames().forEachRemaining(names::add);
            if (names.isEmpty()) {
                return root;
            }
            String field = names.get(random.nextInt(names.size()));
            switch (random.nextInt(9)) {
                case 0 -> target.remove(field);
                case 1 -> target.set(field, MAPPER.createObjectNode().put("unexpected", true));
                case 2 -> target.put(field, "x".repeat(200_000));
                case 3 -> target.put(field, "nul\u0000inside");
                case 4 -> target.put(field, "🧨".repeat(1000));
                case 5 -> target.set(field, deepArray(400));
                case 6 -> target.put(field, Long.MAX_VALUE);
                case 7 -> target.set(field, MAPPER.createArrayNode());
                default -> target.putNull(field);
            }
            return root;
        }

        private ObjectNode randomObject(JsonNode root) {
            List<ObjectNode> objects = new ArrayList<>();
            collect(root, objects);
            return objects.get(random.nextInt(objects.size()));
        }

        private static void collect(JsonNode node, List<ObjectNode> out) {
            if (node instanceof ObjectNode object) {
                out.add(object);
            }
            if (node.isContainerNode()) {
                node.forEach(child -> collect(child, out));
            }
        }

        private static ArrayNode deepArray(int depth) {
            ArrayNode root = MAPPER.createArrayNode();
            ArrayNode cursor = root;
            for (int i = 0; i < depth; i++) {
                cursor = cursor.addArray();
            }
            return root;
        }
    }
}
