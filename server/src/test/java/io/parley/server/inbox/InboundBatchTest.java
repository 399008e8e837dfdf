package io.parley.server.inbox;

import io.parley.server.channel.WebhookSignature;
import io.parley.server.testing.Api;
import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages are stored a batch at a time (several in one delivery, and deliveries arriving together
 * in one group commit, two commits in flight per organisation): each is stored once, one customer's
 * messages keep their order, and concurrent batches over the same customers neither lose nor
 * duplicate anything.
 */
class InboundBatchTest extends ServerTestSupport {
    private static final String SECRET = "batch-secret";
    private static final String PHONE = "409552700000001";
    private Member owner;

    @BeforeAll
    void channel() {
        owner = registerOrg("Batches");
        cloudChannel(owner, "Batched", PHONE, SECRET);
    }

    @Test
    void oneDeliveryWithManyMessagesStoresEachOnceInTheCustomersOrder() {
        String ann = "4915100000101";
        String bob = "4915100000102";
        assertThat(post(delivery(List.of(contact(bob, "Bob")), List.of(text(bob, "wamid.batch.b1", "earlier")))))
                .isEqualTo(200);

        String body = delivery(List.of(contact(ann, "Ann"), contact(bob, "Bob Smith")), List.of(
                text(ann, "wamid.batch.a1", "first"),
                text(bob, "wamid.batch.b2", "again"),
                text(ann, "wamid.batch.a2", "second"),
                text(ann, "wamid.batch.a1", "first, sent twice"),
                """
                {"from":"%s","id":"wamid.batch.r1","timestamp":"%d","type":"reaction",\
                "reaction":{"message_id":"wamid.batch.a1","emoji":"👍"}}""".formatted(ann, now()),
                text(ann, "wamid.batch.a3", "third")));
        assertThat(post(body)).isEqualTo(200);
        long events = count("SELECT count(*) AS n FROM event");

        assertThat(texts(ann)).containsExactly("first", "second", "third");
        assertThat(texts(bob)).containsExactly("earlier", "again");
        assertThat(count("SELECT count(*) AS n FROM conversation c JOIN contact k ON k.id = c.contact_id"
                + " WHERE k.wa_id IN ('" + ann + "', '" + bob + "')")).isEqualTo(2);
        assertThat(string("SELECT name AS s FROM contact WHERE wa_id = '" + bob + "'")).isEqualTo("Bob Smith");
        assertThat(string("SELECT emoji AS s FROM message_reaction WHERE target_wamid = 'wamid.batch.a1'")).isEqualTo("👍");
        assertThat(string("SELECT last_message_preview AS s FROM conversation c JOIN contact k ON k.id = c.contact_id"
                + " WHERE k.wa_id = '" + ann + "'")).isEqualTo("third");
        assertThat(count("SELECT count(*) AS n FROM event WHERE type = 'message.created'"
                + " AND payload->>'wamid' LIKE 'wamid.batch.%'")).isEqualTo(5);

        assertThat(post(body)).as("a redelivery of the whole batch").isEqualTo(200);
        assertThat(texts(ann)).containsExactly("first", "second", "third");
        assertThat(count("SELECT count(*) AS n FROM event")).as("events after the redelivery").isEqualTo(events);
    }

    @Test
    void concurrentDeliveriesOverTheSameCustomersAreEachStoredOnce() throws Exception {
        int customers = 30;
        int perCustomer = 20;
        List<String> bodies = new ArrayList<>();
        for (int c = 0; c < customers; c++) {
            String waId = Long.toString(4915200000000L + c);
            for (int m = 0; m < perCustomer; m++) {
                String body = delivery(List.of(contact(waId, "Customer " + c + " v" + (m % 3))),
                        List.of(text(waId, "wamid.concurrent." + c + "." + m, "message " + m)));
                // Every delivery twice, as Meta does when an answer is slow: the copy must change nothing.
                bodies.add(body);
                bodies.add(body);
            }
        }
        Collections.shuffle(bodies, new Random(20261122));
        ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
        try (ExecutorService posters = Executors.newFixedThreadPool(24)) {
            List<Future<?>> done = new ArrayList<>();
            for (String body : bodies) {
                done.add(posters.submit(() -> {
                    int status = post(body);
                    if (status != 200) {
                        refused.add(status + " for " + body);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }

        assertThat(refused).isEmpty();
        assertThat(count("SELECT count(*) AS n FROM message WHERE wamid LIKE 'wamid.concurrent.%'"))
                .isEqualTo((long) customers * perCustomer);
        assertThat(count("SELECT count(*) AS n FROM contact WHERE wa_id LIKE '49152000000%'")).isEqualTo(customers);
        assertThat(count("SELECT count(DISTINCT m.conversation_id) AS n FROM message m"
                + " WHERE m.wamid LIKE 'wamid.concurrent.%'")).as("one conversation per customer").isEqualTo(customers);
        assertThat(count("SELECT count(*) AS n FROM event WHERE type = 'message.created'"
                + " AND payload->>'wamid' LIKE 'wamid.concurrent.%'")).isEqualTo((long) customers * perCustomer);
    }

    private int post(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Api.Response res = api.raw("POST", "/webhooks/whatsapp", body,
                Map.of("Content-Type", "application/json", WebhookSignature.HEADER, WebhookSignature.sign(bytes, SECRET)));
        return res.status();
    }

    private static String delivery(List<String> contacts, List<String> messages) {
        return """
                {"object":"whatsapp_business_account","entry":[{"id":"880480571844883","changes":[{"field":"messages",\
                "value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550100","phone_number_id":"%s"},\
                "contacts":[%s],"messages":[%s]}}]}]}""".formatted(PHONE, String.join(",", contacts), String.join(",", messages));
    }

    private static String contact(String waId, String name) {
        return """
                {"profile":{"name":"%s"},"wa_id":"%s"}""".formatted(name, waId);
    }

    private static String text(String waId, String wamid, String body) {
        return """
                {"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"%s"}}""".formatted(waId, wamid, now(), body);
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private List<String> texts(String waId) {
        return db.inOrg(owner.orgId(), tx -> tx.query("SELECT m.text FROM message m JOIN conversation c ON c.id = m.conversation_id"
                        + " JOIN contact k ON k.id = c.contact_id WHERE k.wa_id = :wa ORDER BY m.id")
                .addParam("wa", waId).execute().map(row -> row.column("text").getString()).toList());
    }

    private long count(String sql) {
        return db.inOrg(owner.orgId(), tx -> tx.get(sql).execute().orElseThrow().column("n").getLong());
    }

    private String string(String sql) {
        return db.inOrg(owner.orgId(), tx -> tx.get(sql).execute().orElseThrow().column("s").getString());
    }
}
