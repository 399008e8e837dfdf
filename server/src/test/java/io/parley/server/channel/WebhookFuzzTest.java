package io.parley.server.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 5,000 mutated fixtures ({@link WebhookMutator}) signed and posted: the webhook never answers 5xx,
 * a refused delivery leaves no rows behind, and what was stored is whole.
 */
class WebhookFuzzTest extends ServerTestSupport {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SECRET = "fuzz-secret";
    private static final String PHONE = "409552778964973";
    private static final int DELIVERIES = 5_000;
    private Member owner;

    @BeforeAll
    void channel() {
        owner = registerOrg("Fuzz");
        cloudChannel(owner, "Fuzzed", PHONE, SECRET);
    }

    @Test
    void fiveThousandMutatedDeliveriesNeverCauseServerErrorsOrPartialWrites() throws IOException {
        List<JsonNode> fixtures = new ArrayList<>();
        for (String name : Fixtures.names()) {
            fixtures.add(MAPPER.readTree(Fixtures.bytes(name)));
        }
        WebhookMutator mutator = new WebhookMutator(20261121);
        List<String> failures = new ArrayList<>();
        int stored = 0;
        for (int i = 0; i < DELIVERIES && failures.size() < 10; i++) {
            JsonNode body = fixtures.get(i % fixtures.size()).deepCopy();
            retarget(body);
            byte[] bytes = MAPPER.writeValueAsBytes(mutator.mutate(body));
            long before = rows();
            Api.Response res = api.raw("POST", "/webhooks/whatsapp", new String(bytes, StandardCharsets.UTF_8),
                    Map.of("X-Hub-Signature-256", WebhookSignature.sign(bytes, SECRET)));
            if (res.status() >= 500) {
                failures.add("delivery " + i + " → " + res.status() + " " + res.body());
            } else if (res.status() != 200 && rows() != before) {
                failures.add("delivery " + i + " → " + res.status() + " but rows were written");
            } else if (res.status() == 200) {
                stored++;
            }
        }
        assertThat(failures).isEmpty();
        assertThat(stored).as("most mutations still carry something to store").isGreaterThan(DELIVERIES / 2);
        // What was stored is whole: no conversation without a message, no contact without a conversation,
        // no customer message that was not announced to the agents exactly once.
        Map<String, Long> orphans = db.inOrg(owner.orgId(), tx -> {
            var row = tx.get("SELECT"
                    + " (SELECT count(*) FROM conversation c WHERE NOT EXISTS (SELECT 1 FROM message m"
                    + "   WHERE m.org_id = c.org_id AND m.conversation_id = c.id)) AS empty_conversations,"
                    + " (SELECT count(*) FROM contact k WHERE NOT EXISTS (SELECT 1 FROM conversation c"
                    + "   WHERE c.org_id = k.org_id AND c.contact_id = k.id)) AS lone_contacts,"
                    + " (SELECT count(*) FROM message m WHERE m.direction = 'IN' AND (SELECT count(*) FROM event e"
                    + "   WHERE e.org_id = m.org_id AND e.type = 'message.created'"
                    + "   AND CAST(e.payload ->> 'id' AS bigint) = m.id) <> 1) AS unannounced").execute().orElseThrow();
            return Map.of("empty_conversations", row.column("empty_conversations").getLong(),
                    "lone_contacts", row.column("lone_contacts").getLong(), "unannounced", row.column("unannounced").getLong());
        });
        assertThat(orphans).containsOnly(Map.entry("empty_conversations", 0L), Map.entry("lone_contacts", 0L),
                Map.entry("unannounced", 0L));
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
}
