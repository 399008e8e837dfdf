package io.parley.server.sending;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.server.channel.WebhookSignature;
import io.parley.server.inbox.InboundStore;
import io.parley.server.job.JobQueue;
import io.parley.server.testing.Api;
import io.parley.server.testing.Eventually;
import io.parley.server.testing.FakeGraphApi;
import io.parley.server.testing.RawHttp;
import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/** Sending through the Cloud API path end to end, against a fake Graph API on loopback. */
class CloudOutboundTest extends ServerTestSupport {
    private static final String SECRET = "outbound-app-secret";
    private static final AtomicLong NUMBERS = new AtomicLong(4915112340000L);

    private final FakeGraphApi graph = new FakeGraphApi();
    private Member owner;
    private String phoneNumberId;
    private long channelId;

    @BeforeAll
    void channel() {
        owner = registerOrg("Outbound");
        phoneNumberId = "77" + System.nanoTime() % 1_000_000_000L;
        Api.Response created = api.post("/api/v1/channels", obj("name", "Cloud", "provider", "cloud",
                "phoneNumberId", phoneNumberId, "wabaId", "waba", "accessToken", "EAAG-test", "appSecret", SECRET,
                "verifyToken", "v", "graphBaseUrl", graph.baseUrl(), "messagesPerSecond", 80), owner.accessToken());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        channelId = created.json().get("id").asLong();
    }

    @AfterAll
    void stopGraph() {
        graph.close();
    }

    @Test
    void aTextGoesOutWithItsWamidAndAppearsSent() {
        long conversation = customerWrites("+" + NUMBERS.incrementAndGet(), "Do you ship to Berlin?");

        Api.Response queued = api.post("/api/v1/conversations/" + conversation + "/messages",
                obj("type", "text", "text", "Yes, in two days: https://example.com/shipping", "previewUrl", true),
                owner.accessToken());
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        assertThat(queued.json().get("status").asText()).isEqualTo("QUEUED");
        assertThat(queued.json().get("direction").asText()).isEqualTo("OUT");
        assertThat(queued.json().get("sentBy").asLong()).isEqualTo(owner.userId());
        long id = queued.json().get("id").asLong();

        JsonNode sent = awaitStatus(conversation, id, "SENT");
        assertThat(sent.get("wamid").asText()).startsWith("wamid.fake.");
        FakeGraphApi.Request request = graph.sends().stream()
                .filter(r -> r.body().path("text").path("body").asText().startsWith("Yes, in two days")).findFirst().orElseThrow();
        assertThat(request.path()).isEqualTo("/" + FakeGraphApi.VERSION + "/" + phoneNumberId + "/messages");
        assertThat(request.authorization()).isEqualTo("Bearer EAAG-test");
        assertThat(request.body().get("messaging_product").asText()).isEqualTo("whatsapp");
        assertThat(request.body().get("type").asText()).isEqualTo("text");
        assertThat(request.body().get("text").get("preview_url").asBoolean()).isTrue();
        assertThat(request.body().get("biz_opaque_callback_data").asText()).isEqualTo("m:" + id);

        // Meta then reports delivery for that wamid, through the webhook.
        postStatus(sent.get("wamid").asText(), "delivered", null);
        awaitStatus(conversation, id, "DELIVERED");
    }

    @Test
    void outsideTheWindowOnlyTemplatesGoAndTheyRenderForTheAgent() {
        long conversation = customerWrites("+" + NUMBERS.incrementAndGet(), "Hello");
        long templateId;
        clock.advance(Duration.ofHours(25));
        try {
            String token = login(owner.email(), owner.password()).accessToken();
            Api.Response refused = api.post("/api/v1/conversations/" + conversation + "/messages",
                    obj("type", "text", "text", "Still there?"), token);
            assertProblem(refused, 422);
            assertThat(refused.json().get("detail").asText()).contains("24-hour").contains("template");

            assertThat(api.post("/api/v1/templates/sync", null, token).status()).isEqualTo(200);
            Api.Response template = api.post("/api/v1/conversations/" + conversation + "/messages",
                    obj("type", "template", "template", Map.of("name", "order_update", "language", "en_US",
                            "components", List.of(Map.of("type", "body", "parameters", List.of(
                                    Map.of("type", "text", "text", "Ada"), Map.of("type", "text", "text", "#1042")))))),
                    token);
            assertThat(template.status()).as(template.toString()).isEqualTo(202);
            assertThat(template.json().get("text").asText()).isEqualTo("Hi Ada, order #1042 has shipped.");
            templateId = template.json().get("id").asLong();
        } finally {
            clock.advance(Duration.ofHours(-25));
        }
        awaitStatus(conversation, templateId, "SENT");
        JsonNode body = graph.sends().getLast().body();
        assertThat(body.get("type").asText()).isEqualTo("template");
        assertThat(body.get("template").get("language").get("code").asText()).isEqualTo("en_US");
    }

    @Test
    void aStatusCarryingOurCallbackDataAdoptsAWamidThatWasNeverStored() {
        long conversation = customerWrites("+" + NUMBERS.incrementAndGet(), "Hi");
        // As if the server stopped between Meta's answer and storing the wamid.
        long id = db.inOrg(owner.orgId(), tx -> tx.get("INSERT INTO message (org_id, conversation_id, direction, type,"
                        + " text, status) VALUES (:org, :c, 'OUT', 'text', 'lost wamid', 'SENDING') RETURNING id")
                .addParam("org", owner.orgId()).addParam("c", conversation).execute().orElseThrow().column("id").getLong());

        postStatus("wamid.adopted." + id, "delivered", InboundStore.callbackData(id));

        JsonNode adopted = awaitStatus(conversation, id, "DELIVERED");
        assertThat(adopted.get("wamid").asText()).isEqualTo("wamid.adopted." + id);
    }

    @Test
    void aSendWhoseAnswerWasCutIsRecognisedByItsStatusWebhookNotSentAgain() {
        graph.reportStatusesTo(server.port(), SECRET, phoneNumberId);
        try {
            long conversation = customerWrites("+" + NUMBERS.incrementAndGet(), "Hello?");
            graph.cutAnswerToNext(1);
            long id = api.post("/api/v1/conversations/" + conversation + "/messages",
                    obj("type", "text", "text", "An answer Meta took silently"), owner.accessToken()).json().get("id").asLong();

            JsonNode adopted = awaitStatus(conversation, id, "SENT");
            assertThat(adopted.get("wamid").asText()).startsWith("wamid.fake.");
            // Once its job is done nothing can send it again; a cut call taken for a failure would have by then.
            Eventually.await("the send job done", Duration.ofSeconds(20), () -> db.inOrg(owner.orgId(), tx ->
                    tx.get("SELECT count(*) AS n FROM job WHERE kind = :kind AND status = 'DONE'"
                                    + " AND CAST(payload ->> 'messageId' AS bigint) = :id")
                            .addParam("kind", OutboundSender.JOB).addParam("id", id)
                            .execute().orElseThrow().column("n").getLong()) == 1);
            assertThat(graph.accepted().stream().filter(r -> r.body().path("biz_opaque_callback_data").asText().equals("m:" + id)))
                    .hasSize(1);
        } finally {
            graph.stopReportingStatuses();
        }
    }

    @Test
    void anInterruptedSendWithNoStatusWebhookWithinTheReconcileTimeIsSentAgainOnce() {
        long conversation = customerWrites("+" + NUMBERS.incrementAndGet(), "Still there?");
        // As if the server died mid-call an hour ago and WhatsApp never reported the message: it never arrived.
        long id = db.inOrg(owner.orgId(), tx -> {
            long message = tx.get("INSERT INTO message (org_id, conversation_id, direction, type, text, content, request, status,"
                            + " attempts, sending_since) VALUES (:org, :c, 'OUT', 'text', 'never arrived', CAST('{}' AS jsonb),"
                            + " CAST(:request AS jsonb), 'SENDING', 1, now() - interval '1 hour') RETURNING id")
                    .addParam("org", owner.orgId()).addParam("c", conversation)
                    .addParam("request", "{\"type\":\"text\",\"text\":{\"body\":\"never arrived\"}}")
                    .execute().orElseThrow().column("id").getLong();
            new JobQueue(new ObjectMapper()).enqueue(tx, OutboundSender.JOB, Map.of("messageId", message), null);
            return message;
        });

        JsonNode sent = awaitStatus(conversation, id, "SENT");
        assertThat(sent.get("wamid").asText()).startsWith("wamid.fake.");
        assertThat(graph.accepted().stream().filter(r -> r.body().path("biz_opaque_callback_data").asText().equals("m:" + id)))
                .hasSize(1);
    }

    @Test
    void interactiveButtonsRepliesAndReactionsTakeWhatsAppsShape() {
        long conversation = customerWrites("+" + NUMBERS.incrementAndGet(), "Which size?");
        JsonNode customerMessage = messages(conversation).getFirst();
        long customerId = customerMessage.get("id").asLong();

        Api.Response buttons = api.post("/api/v1/conversations/" + conversation + "/messages", obj("type", "interactive",
                "interactive", Map.of("type", "button", "body", Map.of("text", "Pick a size"),
                        "action", Map.of("buttons", List.of(
                                Map.of("type", "reply", "reply", Map.of("id", "size_m", "title", "M")),
                                Map.of("type", "reply", "reply", Map.of("id", "size_l", "title", "L"))))),
                "replyToMessageId", customerId), owner.accessToken());
        assertThat(buttons.status()).as(buttons.toString()).isEqualTo(202);
        assertThat(buttons.json().get("text").asText()).isEqualTo("Pick a size");
        awaitStatus(conversation, buttons.json().get("id").asLong(), "SENT");
        JsonNode sentButtons = graph.sends().getLast().body();
        assertThat(sentButtons.get("interactive").get("action").get("buttons")).hasSize(2);
        assertThat(sentButtons.get("context").get("message_id").asText()).isEqualTo(customerMessage.get("wamid").asText());

        Api.Response reaction = api.post("/api/v1/conversations/" + conversation + "/messages",
                obj("type", "reaction", "reaction", Map.of("messageId", customerId, "emoji", "❤️")), owner.accessToken());
        assertThat(reaction.status()).as(reaction.toString()).isEqualTo(202);
        awaitStatus(conversation, reaction.json().get("id").asLong(), "SENT");
        assertThat(graph.sends().getLast().body().get("reaction").get("message_id").asText())
                .isEqualTo(customerMessage.get("wamid").asText());
        JsonNode reacted = messages(conversation).stream().filter(m -> m.get("id").asLong() == customerId).findFirst().orElseThrow();
        assertThat(reacted.get("reactions").get(0).get("direction").asText()).isEqualTo("OUT");
        assertThat(reacted.get("reactions").get(0).get("emoji").asText()).isEqualTo("❤️");
    }

    @Test
    void permanentErrorsFailTheMessageWithAReadableReason() {
        long conversation = customerWrites("+" + NUMBERS.incrementAndGet(), "Hi");
        graph.failNext(131026, 400, 1);

        long id = api.post("/api/v1/conversations/" + conversation + "/messages", obj("type", "text", "text", "Hello!"),
                owner.accessToken()).json().get("id").asLong();

        JsonNode failed = awaitStatus(conversation, id, "FAILED");
        assertThat(failed.get("error").get("code").asInt()).isEqualTo(131026);
        assertThat(failed.get("error").get("title").asText()).startsWith("Undeliverable");
    }

    @Test
    void aCustomerKnownOnlyByTheirBusinessScopedIdFailsWithAReasonNotARetry() {
        String waId = Long.toString(NUMBERS.incrementAndGet());
        long conversation = customerWrites("+" + waId, "Hi");
        // What a customer who hides their number behind a WhatsApp username leaves Parley with.
        db.runInOrg(owner.orgId(), tx -> tx.dml("UPDATE contact SET bsuid = :bsuid, wa_id = NULL"
                        + " WHERE org_id = :org AND wa_id = :waId")
                .addParam("bsuid", "DE." + waId).addParam("org", tx.orgId()).addParam("waId", waId).execute());
        int sendsBefore = graph.sends().size();

        long id = api.post("/api/v1/conversations/" + conversation + "/messages", obj("type", "text", "text", "Hello!"),
                owner.accessToken()).json().get("id").asLong();

        JsonNode failed = awaitStatus(conversation, id, "FAILED");
        assertThat(failed.get("error").get("code").asInt()).isEqualTo(131062);
        assertThat(failed.get("error").get("detail").asText()).contains("no WhatsApp number");
        assertThat(graph.sends()).as("nothing reached Meta").hasSize(sendsBefore);
    }

    @Test
    void throughputErrorsAreRetriedUntilSent() {
        long conversation = customerWrites("+" + NUMBERS.incrementAndGet(), "Hi");
        graph.failNext(130429, 400, 2);

        long id = api.post("/api/v1/conversations/" + conversation + "/messages", obj("type", "text", "text", "Retry me"),
                owner.accessToken()).json().get("id").asLong();

        JsonNode sent = awaitStatusWithin(conversation, id, "SENT", Duration.ofSeconds(20));
        assertThat(sent.has("error")).isFalse();
    }

    @Test
    void messagesOfAConversationGoOutInOrder() {
        long conversation = customerWrites("+" + NUMBERS.incrementAndGet(), "Tell me everything");
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            ids.add(api.post("/api/v1/conversations/" + conversation + "/messages", obj("type", "text", "text", "part " + i),
                    owner.accessToken()).json().get("id").asLong());
        }
        awaitStatus(conversation, ids.getLast(), "SENT");

        List<String> order = graph.sends().stream().map(r -> r.body().path("text").path("body").asText())
                .filter(t -> t.startsWith("part ")).toList();
        assertThat(order).containsExactly("part 1", "part 2", "part 3", "part 4");
    }

    @Test
    void aCustomerGetsABurstOfMessagesThenTheRestWaitTheirTurnWithoutHoldingUpOthers() {
        long conversation = customerWrites("+" + NUMBERS.incrementAndGet(), "Tell me more");
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= OutboundSender.PAIR_BURST + 1; i++) {
            ids.add(api.post("/api/v1/conversations/" + conversation + "/messages", obj("type", "text", "text", "pair " + i),
                    owner.accessToken()).json().get("id").asLong());
        }
        awaitStatus(conversation, ids.get(OutboundSender.PAIR_BURST - 1), "SENT");
        long other = customerWrites("+" + NUMBERS.incrementAndGet(), "Me too");
        long otherId = api.post("/api/v1/conversations/" + other + "/messages", obj("type", "text", "text", "no waiting"),
                owner.accessToken()).json().get("id").asLong();
        awaitStatus(other, otherId, "SENT");

        Eventually.await("the sixth message put back for its turn", Duration.ofSeconds(10),
                () -> secondsUntilTried(ids.getLast()) > 15);
        JsonNode held = messages(conversation).stream().filter(m -> m.get("id").asLong() == ids.getLast()).findFirst()
                .orElseThrow();
        assertThat(held.get("status").asText()).as("the sixth message within 30 s").isEqualTo("QUEUED");
        assertThat(secondsUntilTried(ids.getLast())).isLessThanOrEqualTo(30.0);
    }

    private double secondsUntilTried(long messageId) {
        return db.inOrg(owner.orgId(), tx -> tx.get("SELECT CAST(EXTRACT(EPOCH FROM d.run_at - now()) AS float8) AS s FROM job j"
                        + " JOIN job_due d ON d.job_id = j.id WHERE j.kind = :kind AND j.payload->>'messageId' = :id")
                .addParam("kind", OutboundSender.JOB).addParam("id", Long.toString(messageId))
                .execute().orElseThrow().column("s").getDouble());
    }

    @Test
    void readReceiptGoesOutOncePerCustomerMessage() {
        long conversation = customerWrites("+" + NUMBERS.incrementAndGet(), "Read me");
        int before = graph.readReceipts().size();

        assertThat(api.post("/api/v1/conversations/" + conversation + "/read", null, owner.accessToken()).status()).isEqualTo(204);
        assertThat(api.post("/api/v1/conversations/" + conversation + "/read", null, owner.accessToken()).status()).isEqualTo(204);

        Eventually.await("read receipt", Duration.ofSeconds(10), () -> graph.readReceipts().size() == before + 1);
        assertThat(graph.readReceipts().getLast().body().get("message_id").asText()).startsWith("wamid.in.");
    }

    @Test
    void inboundMediaIsFetchedWithTheTokenAndServedToTheOrgOnly() {
        byte[] photo = "not really a jpeg, but bytes all the same".getBytes(StandardCharsets.UTF_8);
        graph.serveMedia("8472976218001204", photo);
        String from = Long.toString(NUMBERS.incrementAndGet());
        String body = """
                {"object":"whatsapp_business_account","entry":[{"id":"waba","changes":[{"field":"messages","value":{
                 "messaging_product":"whatsapp","metadata":{"display_phone_number":"1","phone_number_id":"%s"},
                 "contacts":[{"profile":{"name":"Photo Person"},"wa_id":"%s"}],
                 "messages":[{"from":"%s","id":"wamid.photo.%s","timestamp":"%d","type":"image",
                   "image":{"mime_type":"image/jpeg","sha256":"x","id":"8472976218001204","caption":"my parcel"}}]}}]}]}
                """.formatted(phoneNumberId, from, from, from, Instant.now().getEpochSecond());
        assertThat(postWebhook(body).status()).isEqualTo(200);
        long conversation = conversationOf(from);
        JsonNode message = messages(conversation).getFirst();
        String url = message.get("media").get("url").asText();

        Eventually.await("media stored", Duration.ofSeconds(10),
                () -> "STORED".equals(messages(conversation).getFirst().get("media").get("status").asText()));
        Api.Response download = api.get(url, owner.accessToken());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(new String(photo, StandardCharsets.UTF_8));
        assertThat(download.contentType()).startsWith("image/jpeg");

        Member stranger = registerOrg("Media snoop");
        assertProblem(api.get(url, stranger.accessToken()), 404);
        assertProblem(api.get(url, null), 401);
    }

    @Test
    void anUploadedImageGoesToMetaFirstAndTheMessageCarriesItsMediaId() {
        long conversation = customerWrites("+" + NUMBERS.incrementAndGet(), "Send me a photo?");
        String png = "\u0089PNG fake image bytes";
        Api.Response uploaded = api.raw("POST", "/api/v1/media?filename=jacket.png", png,
                Map.of("Authorization", "Bearer " + owner.accessToken(), "Content-Type", "image/png"));
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        assertThat(uploaded.json().get("type").asText()).isEqualTo("image");
        long uploadId = uploaded.json().get("id").asLong();

        Api.Response queued = api.post("/api/v1/conversations/" + conversation + "/messages",
                obj("type", "image", "media", Map.of("uploadId", uploadId, "caption", "Here it is")), owner.accessToken());
        assertThat(queued.status()).as(queued.toString()).isEqualTo(202);
        assertThat(queued.json().get("media").get("id").asLong()).isEqualTo(uploadId);
        awaitStatus(conversation, queued.json().get("id").asLong(), "SENT");

        JsonNode sent = graph.sends().getLast().body();
        assertThat(sent.get("type").asText()).isEqualTo("image");
        assertThat(sent.get("image").get("id").asText()).startsWith("fake-media-");
        assertThat(sent.get("image").get("caption").asText()).isEqualTo("Here it is");
        assertThat(sent.get("image").has("parley_upload_id")).isFalse();
        assertThat(new String(graph.uploads().getLast(), StandardCharsets.UTF_8)).contains("PNG fake image bytes")
                .contains("name=\"messaging_product\"");
        assertThat(api.get("/api/v1/media/" + uploadId, owner.accessToken()).body()).isEqualTo(png);
        // An upload is used once.
        assertProblem(api.post("/api/v1/conversations/" + conversation + "/messages",
                obj("type", "image", "media", Map.of("uploadId", uploadId)), owner.accessToken()), 400);
    }

    @Test
    void uploadsAreCheckedForTypeAndWhatsAppsSizeLimits() throws Exception {
        Api.Response exe = api.raw("POST", "/api/v1/media", "MZ", Map.of("Authorization", "Bearer " + owner.accessToken(),
                "Content-Type", "application/x-msdownload"));
        assertProblem(exe, 415);
        Api.Response pdfAsImage = api.raw("POST", "/api/v1/media", "%PDF-1.7", Map.of("Authorization",
                "Bearer " + owner.accessToken(), "Content-Type", "application/pdf"));
        long conversation = customerWrites("+" + NUMBERS.incrementAndGet(), "Hi");
        assertProblem(api.post("/api/v1/conversations/" + conversation + "/messages",
                obj("type", "image", "media", Map.of("uploadId", pdfAsImage.json().get("id").asLong())), owner.accessToken()), 400);
        Member stranger = registerOrg("Upload snoop");
        assertProblem(api.get("/api/v1/media/" + pdfAsImage.json().get("id").asLong(), stranger.accessToken()), 404);

        // A 6 MB image announced by Content-Length is refused before any of it is read.
        String answer = RawHttp.headOnly(server.port(), "POST /api/v1/media HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + owner.accessToken() + "\r\nContent-Type: image/jpeg\r\nContent-Length: "
                + (6 * 1024 * 1024) + "\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 413").contains("image files of at most 5120 KB");
    }

    @Test
    void templatesSyncAcrossPagesAndList() {
        Api.Response synced = api.post("/api/v1/templates/sync?channelId=" + channelId, null, owner.accessToken());
        assertThat(synced.status()).as(synced.toString()).isEqualTo(200);
        assertThat(synced.json().get("templates").asInt()).isEqualTo(3);

        JsonNode list = api.get("/api/v1/templates?channelId=" + channelId, owner.accessToken()).json().get("items");
        assertThat(list.findValuesAsText("name")).containsExactlyInAnyOrder("order_update", "order_update", "spring_sale");
        assertThat(list.findValuesAsText("status")).contains("APPROVED", "REJECTED");
        Member agent = addMember(owner, "AGENT");
        assertProblem(api.post("/api/v1/templates/sync", null, agent.accessToken()), 403);
    }

    @Test
    void badRequestsAndOtherOrganisationsConversations() {
        long conversation = customerWrites("+" + NUMBERS.incrementAndGet(), "Hi");
        Member stranger = registerOrg("Outbound snoop");

        assertProblem(api.post("/api/v1/conversations/" + conversation + "/messages", obj("type", "text", "text", "x"),
                stranger.accessToken()), 404);
        assertProblem(api.post("/api/v1/conversations/" + conversation + "/read", null, stranger.accessToken()), 404);
        assertProblem(api.get("/api/v1/conversations/" + conversation, stranger.accessToken()), 404);
        assertProblem(api.get("/api/v1/conversations/" + conversation + "/messages", stranger.accessToken()), 404);
        assertThat(api.get("/api/v1/conversations", stranger.accessToken()).json().get("items")).isEmpty();
        assertProblem(api.post("/api/v1/conversations/" + conversation + "/messages", obj("type", "text"), owner.accessToken()), 400);
        assertProblem(api.post("/api/v1/conversations/" + conversation + "/messages",
                obj("type", "text", "text", "x".repeat(4097)), owner.accessToken()), 400);
        assertProblem(api.post("/api/v1/conversations/" + conversation + "/messages", obj("type", "fax"), owner.accessToken()), 400);
        assertProblem(api.post("/api/v1/conversations/" + conversation + "/messages",
                obj("type", "image", "media", Map.of("link", "not a url")), owner.accessToken()), 400);
        assertProblem(api.post("/api/v1/conversations/" + conversation + "/messages",
                obj("type", "text", "text", "x", "replyToMessageId", 999999999), owner.accessToken()), 400);
        assertProblem(api.post("/api/v1/conversations/" + conversation + "/messages",
                obj("type", "interactive", "interactive", Map.of("type", "button", "body", Map.of("text", "Pick"))),
                owner.accessToken()), 400);
    }

    // --- helpers ---------------------------------------------------------------------------------

    long customerWrites(String phone, String text) {
        String waId = phone.substring(1);
        String body = """
                {"object":"whatsapp_business_account","entry":[{"id":"waba","changes":[{"field":"messages","value":{
                 "messaging_product":"whatsapp","metadata":{"display_phone_number":"1","phone_number_id":"%s"},
                 "contacts":[{"profile":{"name":"Customer %s"},"wa_id":"%s"}],
                 "messages":[{"from":"%s","id":"wamid.in.%s.%d","timestamp":"%d","type":"text","text":{"body":"%s"}}]}}]}]}
                """.formatted(phoneNumberId, waId, waId, waId, waId, System.nanoTime(), clock.instant().getEpochSecond(), text);
        Api.Response res = postWebhook(body);
        assertThat(res.status()).as(res.toString()).isEqualTo(200);
        return conversationOf(waId);
    }

    void postStatus(String wamid, String status, String callbackData) {
        String body = """
                {"object":"whatsapp_business_account","entry":[{"id":"waba","changes":[{"field":"messages","value":{
                 "messaging_product":"whatsapp","metadata":{"display_phone_number":"1","phone_number_id":"%s"},
                 "statuses":[{"id":"%s","status":"%s","timestamp":"%d","recipient_id":"1"%s}]}}]}]}
                """.formatted(phoneNumberId, wamid, status, clock.instant().getEpochSecond(),
                callbackData == null ? "" : ",\"biz_opaque_callback_data\":\"" + callbackData + "\"");
        assertThat(postWebhook(body).status()).isEqualTo(200);
    }

    Api.Response postWebhook(String body) {
        return api.raw("POST", "/webhooks/whatsapp", body,
                Map.of("X-Hub-Signature-256", WebhookSignature.sign(body.getBytes(StandardCharsets.UTF_8), SECRET)));
    }

    long conversationOf(String waId) {
        return db.inOrg(owner.orgId(), tx -> tx.get("SELECT c.id FROM conversation c JOIN contact k ON k.id = c.contact_id"
                + " WHERE k.wa_id = :wa").addParam("wa", waId).execute().orElseThrow().column("id").getLong());
    }

    List<JsonNode> messages(long conversation) {
        List<JsonNode> list = new ArrayList<>();
        api.get("/api/v1/conversations/" + conversation + "/messages", owner.accessToken()).json().get("items").forEach(list::add);
        return list;
    }

    JsonNode awaitStatus(long conversation, long id, String status) {
        return awaitStatusWithin(conversation, id, status, Duration.ofSeconds(10));
    }

    JsonNode awaitStatusWithin(long conversation, long id, String status, Duration timeout) {
        JsonNode[] found = new JsonNode[1];
        Eventually.await("message " + id + " " + status, timeout, () -> {
            found[0] = messages(conversation).stream().filter(m -> m.get("id").asLong() == id).findFirst().orElseThrow();
            return found[0].get("status").asText().equals(status);
        });
        return found[0];
    }
}
