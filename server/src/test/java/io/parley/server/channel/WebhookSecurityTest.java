package io.parley.server.channel;

import io.parley.server.testing.Api;
import io.parley.server.testing.Fixtures;
import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** The webhook's door: Meta's handshake, signatures over the raw bytes, and what is refused. */
class WebhookSecurityTest extends ServerTestSupport {
    private static final String SECRET = "s3cret-of-the-meta-app";
    private Member owner;

    @BeforeAll
    void channel() {
        owner = registerOrg("Webhook security");
        Api.Response created = api.post("/api/v1/channels", obj("name", "Main", "provider", "cloud",
                "phoneNumberId", "409552778964973", "wabaId", "880480571844883", "accessToken", "EAAG",
                "appSecret", SECRET, "verifyToken", "my verify token"), owner.accessToken());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    @Test
    void verificationHandshakeEchoesTheChallengeOnlyForAKnownToken() {
        Api.Response ok = api.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=my%20verify%20token&hub.challenge=1158201444", null);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("1158201444");
        assertThat(ok.contentType()).startsWith("text/plain");

        assertProblem(api.get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1", null), 403);
        assertProblem(api.get("/webhooks/whatsapp?hub.mode=unsubscribe&hub.verify_token=my%20verify%20token&hub.challenge=1", null), 403);
        assertProblem(api.get("/webhooks/whatsapp?hub.challenge=1", null), 403);
    }

    @Test
    void badOrMissingSignaturesStoreNothing() {
        byte[] body = Fixtures.bytes("01-text.json");
        String text = new String(body, StandardCharsets.UTF_8);

        assertProblem(api.raw("POST", "/webhooks/whatsapp", text, Map.of()), 401);
        assertProblem(post(text, WebhookSignature.sign(body, "another app's secret")), 401);
        assertProblem(post(text, "sha256=zz"), 401);
        assertProblem(post(text, "sha1=" + WebhookSignature.sign(body, SECRET).substring(7)), 401);
        // Signed bytes, then one byte changed in transit.
        assertProblem(post(text.replace("hi everyone!", "hi everyone?"), WebhookSignature.sign(body, SECRET)), 401);

        assertThat(messageCount()).isZero();
    }

    @Test
    void signatureIsOverTheExactBytesIncludingRawEmoji() {
        byte[] body = Fixtures.bytes("15-reaction.json");
        assertThat(new String(body, StandardCharsets.UTF_8)).contains("👍");

        Api.Response res = post(new String(body, StandardCharsets.UTF_8), WebhookSignature.sign(body, SECRET));

        assertThat(res.status()).as(res.toString()).isEqualTo(200);
    }

    @Test
    void malformedJsonIs400AndUnknownNumbersAre200() {
        assertProblem(post("{\"entry\": [", WebhookSignature.sign("{\"entry\": [".getBytes(StandardCharsets.UTF_8), SECRET)), 400);
        assertProblem(post("[]", WebhookSignature.sign("[]".getBytes(StandardCharsets.UTF_8), SECRET)), 400);

        String unknown = new String(Fixtures.bytes("01-text.json"), StandardCharsets.UTF_8)
                .replace("409552778964973", "999999999999999");
        Api.Response res = api.raw("POST", "/webhooks/whatsapp", unknown, Map.of());
        assertThat(res.status()).isEqualTo(200);
        assertThat(messageCount()).isZero();
    }

    @Test
    void channelChangesApplyToTheVeryNextWebhookDespiteTheRouteCache() {
        String phoneNumberId = "4095527789" + System.nanoTime() % 100_000;
        String body = new String(Fixtures.bytes("01-text.json"), StandardCharsets.UTF_8)
                .replace("409552778964973", phoneNumberId);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long before = messageCount();

        // Unknown numbers are not remembered: a channel added a moment later gets the redelivery.
        assertThat(post(body, WebhookSignature.sign(bytes, "first secret")).status()).isEqualTo(200);
        assertThat(messageCount()).isEqualTo(before);
        long id = api.post("/api/v1/channels", obj("name", "Rotating", "provider", "cloud", "phoneNumberId", phoneNumberId,
                "wabaId", "880480571844884", "accessToken", "EAAG", "appSecret", "first secret", "verifyToken", "v2"),
                owner.accessToken()).json().get("id").asLong();
        assertThat(post(body, WebhookSignature.sign(bytes, "first secret")).status()).isEqualTo(200);
        assertThat(messageCount()).isEqualTo(before + 1);

        assertThat(api.patch("/api/v1/channels/" + id, obj("appSecret", "second secret"), owner.accessToken()).status())
                .isEqualTo(200);
        assertProblem(post(body, WebhookSignature.sign(bytes, "first secret")), 401);
        assertThat(post(body, WebhookSignature.sign(bytes, "second secret")).status()).isEqualTo(200);

        assertThat(api.delete("/api/v1/channels/" + id, owner.accessToken()).status()).isEqualTo(204);
        String another = body.replace("wamid.", "wamid.after-delete.");
        assertThat(post(another, WebhookSignature.sign(another.getBytes(StandardCharsets.UTF_8), "second secret")).status())
                .isEqualTo(200);
        assertThat(messageCount()).as("nothing stored for a deleted channel").isEqualTo(before);
    }

    private Api.Response post(String body, String signature) {
        return api.raw("POST", "/webhooks/whatsapp", body, Map.of("X-Hub-Signature-256", signature));
    }

    private long messageCount() {
        return db.inOrg(owner.orgId(), tx -> tx.get("SELECT count(*) AS n FROM message").execute().orElseThrow()
                .column("n").getLong());
    }
}
