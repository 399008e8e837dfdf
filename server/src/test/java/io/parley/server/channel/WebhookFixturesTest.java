package io.parley.server.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.server.testing.Api;
import io.parley.server.testing.Fixtures;
import io.parley.server.testing.ServerTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.parley.server.testing.Api.obj;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Posts every shared webhook fixture, signed, to a real server and checks what an agent will see.
 * Each test gets a fresh organisation whose channels own the fixture's phone number ids.
 */
class WebhookFixturesTest extends ServerTestSupport {
    static final String APP_SECRET = "fixture-app-secret";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Member owner;
    private final List<Long> channelIds = new ArrayList<>();

    @AfterEach
    void removeChannels() {
        channelIds.forEach(id -> api.delete("/api/v1/channels/" + id, owner.accessToken()));
        channelIds.clear();
    }

    static List<String> fixtures() {
        return Fixtures.names();
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyFixtureIsAcceptedAndARedeliveryChangesNothing(String fixture) {
        setUpChannelsFor(fixture);
        Api.Response first = postSigned(Fixtures.bytes(fixture));
        long events = countEvents();
        long messages = countMessages();
        Api.Response again = postSigned(Fixtures.bytes(fixture));

        assertThat(first.status()).as(fixture + ": " + first).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(countEvents()).as("events after redelivery").isEqualTo(events);
        assertThat(countMessages()).as("messages after redelivery").isEqualTo(messages);
    }

    @Test
    void textFromAClassicPayload() {
        JsonNode m = onlyMessage("01-text.json");
        assertThat(m.get("type").asText()).isEqualTo("text");
        assertThat(m.get("text").asText()).isEqualTo("hi everyone!");
        assertThat(m.get("direction").asText()).isEqualTo("IN");
        assertThat(m.get("status").asText()).isEqualTo("RECEIVED");
        JsonNode conversation = onlyConversation();
        assertThat(conversation.get("contact").get("name").asText()).isEqualTo("Mauricio Binda");
        assertThat(conversation.get("lastMessagePreview").asText()).isEqualTo("hi everyone!");
        assertThat(conversation.get("windowExpiresAt").asText()).isEqualTo("2023-01-06T19:39:38Z");
    }

    @Test
    void bsuidContactWithPhoneIsNormalisedToE164() {
        JsonNode m = onlyMessage("02-text-meta-example-v25-bsuid.json");
        assertThat(m.get("text").asText()).isEqualTo("this is a text message");
        JsonNode contact = onlyConversation().get("contact");
        assertThat(contact.get("phone").asText()).isEqualTo("+16315551181");
        assertThat(contact.get("name").asText()).isEqualTo("test user name");
    }

    @Test
    void usernameOnlyContactHasNoPhoneAndLaterMergesWithTheNumberedOne() {
        JsonNode m = onlyMessage("03-text-username-only-no-wa_id.json");
        assertThat(m.get("text").asText()).isEqualTo("Hello World");
        JsonNode contact = onlyConversation().get("contact");
        assertThat(contact.get("phone").isNull()).isTrue();
        assertThat(contact.get("name").asText()).isEqualTo("Kerry Fisher");

        // The same user (US.1234) writes again, this time with a number: one contact, one conversation.
        String withNumber = new String(Fixtures.bytes("03-text-username-only-no-wa_id.json"), StandardCharsets.UTF_8)
                .replace("\"from_user_id\": \"US.1234\",", "\"from_user_id\": \"US.1234\", \"from\": \"4915112340001\",")
                .replace("\"user_id\": \"US.1234\",", "\"user_id\": \"US.1234\", \"wa_id\": \"4915112340001\",")
                .replace("\"external_id\"", "\"external_id_2\"");
        assertThat(postSigned(withNumber.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        JsonNode conversations = conversations();
        assertThat(conversations).hasSize(1);
        assertThat(conversations.get(0).get("contact").get("phone").asText()).isEqualTo("+4915112340001");
        assertThat(messages(conversations.get(0).get("id").asLong())).hasSize(2);
    }

    @Test
    void mediaMessagesCarryTheirFileAndCaption() {
        JsonNode image = onlyMessage("04-image.json");
        assertThat(image.get("type").asText()).isEqualTo("image");
        assertThat(image.get("media").get("mimeType").asText()).isEqualTo("image/jpeg");
        assertThat(image.get("media").get("url").asText()).startsWith("/api/v1/media/");
        assertThat(onlyConversation().get("lastMessagePreview").asText()).isEqualTo("📷 Photo");
        removeChannels();

        JsonNode video = onlyMessage("06-video-caption.json");
        assertThat(video.get("type").asText()).isEqualTo("video");
        assertThat(video.get("text").asText()).isEqualTo("hello world");
        removeChannels();

        JsonNode voice = onlyMessage("07-audio-voice.json");
        assertThat(voice.get("type").asText()).isEqualTo("audio");
        assertThat(voice.get("content").get("voice").asBoolean()).isTrue();
        removeChannels();

        JsonNode document = onlyMessage("08-document.json");
        assertThat(document.get("type").asText()).isEqualTo("document");
        assertThat(document.get("media").get("filename").asText()).isEqualTo("4_641947.pdf");
        removeChannels();

        JsonNode sticker = onlyMessage("09-sticker-animated.json");
        assertThat(sticker.get("type").asText()).isEqualTo("sticker");
        assertThat(sticker.get("content").get("animated").asBoolean()).isTrue();
        removeChannels();

        assertThat(onlyMessage("05-image-with-url.json").get("media").get("mimeType").asText()).isEqualTo("image/jpeg");
    }

    @Test
    void locationContactsInteractiveButtonAndOrderReadAsTheAgentSeesThem() {
        JsonNode location = onlyMessage("10-location-named-place.json");
        assertThat(location.get("type").asText()).isEqualTo("location");
        assertThat(location.get("text").asText()).isEqualTo("Facebook HQ, 1 Hacker Way, Menlo Park, CA 94025");
        assertThat(location.get("content").get("latitude").asDouble()).isEqualTo(37.4611978);
        assertThat(location.get("forwarded").asBoolean()).isTrue();
        removeChannels();

        JsonNode contacts = onlyMessage("11-contacts.json");
        assertThat(contacts.get("text").asText()).startsWith("Shared contacts: Chandler Bing, Monica");
        assertThat(contacts.get("content").get("contacts").size()).isGreaterThanOrEqualTo(3);
        removeChannels();

        JsonNode button = onlyMessage("12-interactive-button-reply.json");
        assertThat(button.get("type").asText()).isEqualTo("interactive");
        assertThat(button.get("text").asText()).isEqualTo("title");
        assertThat(button.get("content").get("kind").asText()).isEqualTo("button_reply");
        assertThat(button.get("content").get("id").asText()).isEqualTo("callback_data");
        removeChannels();

        JsonNode list = onlyMessage("13-interactive-list-reply.json");
        assertThat(list.get("content").get("kind").asText()).isEqualTo("list_reply");
        assertThat(list.get("content").get("description").asText()).isEqualTo("description");
        removeChannels();

        JsonNode quickReply = onlyMessage("14-button-template-quick-reply.json");
        assertThat(quickReply.get("type").asText()).isEqualTo("button");
        assertThat(quickReply.get("text").asText()).isEqualTo("SIM");
        assertThat(quickReply.get("content").get("payload").asText()).isEqualTo("SIM");
        assertThat(quickReply.has("replyTo")).isFalse();
        removeChannels();

        JsonNode order = onlyMessage("23-order.json");
        assertThat(order.get("type").asText()).isEqualTo("order");
        assertThat(order.get("text").asText()).isEqualTo("Order: 3 items");
        assertThat(order.get("content").get("order").get("catalog_id").asText()).isEqualTo("354160437058781");
        removeChannels();

        JsonNode system = onlyMessage("24-system-user-changed-number.json");
        assertThat(system.get("type").asText()).isEqualTo("system");
        assertThat(system.get("text").asText()).isEqualTo("User A changed from 972987654321 to 972912345678");
        assertThat(system.get("content").get("newWaId").asText()).isEqualTo("972912345678");
    }

    @Test
    void reactionsAttachToTheMessageTheyReactTo() {
        JsonNode original = onlyMessage("01-text.json");
        assertThat(postSigned(Fixtures.bytes("15-reaction.json")).status()).isEqualTo(200);

        List<JsonNode> after = messages(original.get("conversationId").asLong());
        assertThat(after).hasSize(1);
        assertThat(after.getFirst().get("reactions").get(0).get("emoji").asText()).isEqualTo("👍");
        assertThat(after.getFirst().get("reactions").get(0).get("direction").asText()).isEqualTo("IN");
        removeChannels();

        setUpChannelsFor("16-reaction-removed-no-emoji.json");
        assertThat(postSigned(Fixtures.bytes("16-reaction-removed-no-emoji.json")).status()).isEqualTo(200);
        assertThat(conversations()).isEmpty();
    }

    @Test
    void repliesReferralsAndForwardsKeepTheirContext() {
        JsonNode reply = onlyMessage("17-reply-with-context.json");
        assertThat(reply.get("text").asText()).isEqualTo("replied text");
        removeChannels();

        JsonNode referral = onlyMessage("18-referral-ctwa-ad.json");
        assertThat(referral.get("content").get("referral").get("ctwa_clid").asText()).isEqualTo("CTWA_CLID");
        removeChannels();

        JsonNode product = onlyMessage("19-button-with-referral-and-referred-product.json");
        assertThat(product.get("forwarded").asBoolean()).isTrue();
        assertThat(product.get("content").get("referredProduct").get("catalog_id").asText()).isEqualTo("CATALOG_ID");
        assertThat(product.get("content").get("referral").get("source_id").asText()).isEqualTo("ADID");
    }

    @Test
    void aReplyLinksToTheQuotedMessageWhenParleyHasIt() {
        setUpChannelsFor("17-reply-with-context.json");
        String quoted = new String(Fixtures.bytes("17-reply-with-context.json"), StandardCharsets.UTF_8)
                .replace("\"id\": \"wamid.xyzxyz\"", "\"id\": \"wamid.xyzxyz==\"")
                .replace("\"context\": {\n                  \"from\": \"972123456789\",\n                  \"id\": \"wamid.xyzxyz==\"\n                },", "");
        assertThat(postSigned(quoted.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(200);
        assertThat(postSigned(Fixtures.bytes("17-reply-with-context.json")).status()).isEqualTo(200);

        List<JsonNode> thread = messages(onlyConversation().get("id").asLong());
        assertThat(thread).hasSize(2);
        JsonNode first = thread.stream().filter(m -> m.get("wamid").asText().equals("wamid.xyzxyz==")).findFirst().orElseThrow();
        JsonNode reply = thread.stream().filter(m -> m.get("wamid").asText().equals("wamid.xyzxyz")).findFirst().orElseThrow();
        assertThat(reply.get("replyTo").asLong()).isEqualTo(first.get("id").asLong());
    }

    @Test
    void unsupportedAndUnknownTypesAreKeptNotDropped() {
        JsonNode deleted = onlyMessage("20-unsupported-131051.json");
        assertThat(deleted.get("type").asText()).isEqualTo("unsupported");
        assertThat(deleted.get("content").get("errors").get(0).get("code").asInt()).isEqualTo(131051);
        assertThat(onlyConversation().get("lastMessagePreview").asText()).isEqualTo("Unsupported message");
        removeChannels();

        JsonNode pool = onlyMessage("21-unsupported-with-subtype.json");
        assertThat(pool.get("content").get("unsupportedType").asText()).isEqualTo("pool");
        removeChannels();

        JsonNode legacy = onlyMessage("22-unknown-type-legacy.json");
        assertThat(legacy.get("type").asText()).isEqualTo("unsupported");
        assertThat(legacy.get("content").get("originalType").asText()).isEqualTo("unknown");
        removeChannels();

        JsonNode empty = onlyMessage("25-message-with-value-level-errors.json");
        assertThat(empty.get("type").asText()).isEqualTo("unsupported");
        assertThat(empty.get("content").get("originalType").asText()).isEqualTo("interactive");
        assertThat(eventTypes()).contains("channel.error");
        removeChannels();

        setUpChannelsFor("26-value-errors-only-130429.json");
        assertThat(postSigned(Fixtures.bytes("26-value-errors-only-130429.json")).status()).isEqualTo(200);
        assertThat(conversations()).isEmpty();
        assertThat(lastEventPayload("channel.error").toString()).contains("130429");
    }

    @Test
    void batchesAndDuplicatesStoreEachMessageOnce() {
        setUpChannelsFor("39-batch-duplicate-message-ids.json");
        postSigned(Fixtures.bytes("39-batch-duplicate-message-ids.json"));
        assertThat(messages(onlyConversation().get("id").asLong())).hasSize(1);
        removeChannels();

        setUpChannelsFor("38-batch-two-changes.json");
        postSigned(Fixtures.bytes("38-batch-two-changes.json"));
        // Both changes carry the same wamid, so WhatsApp is telling us about one message.
        assertThat(messages(onlyConversation().get("id").asLong())).extracting(m -> m.get("text").asText())
                .containsExactly("MESSAGE_BODY");
        removeChannels();

        JsonNode group = onlyMessage("40-group-message.json");
        assertThat(group.get("content").get("groupId").asText()).isEqualTo("555555555");
    }

    @Test
    void statusesMoveForwardOnlyAndFailuresExplainThemselves() {
        setUpChannelsFor("29-status-read-meta-example-v25.json");
        long read = outboundMessage("ABGGFlA5Fpa");
        postSigned(Fixtures.bytes("29-status-read-meta-example-v25.json"));
        postSigned(Fixtures.bytes("30-status-sent-pmp-meta-example-v25.json"));
        assertThat(message(read).get("status").asText()).as("a late 'sent' after 'read'").isEqualTo("READ");
        removeChannels();

        setUpChannelsFor("27-status-sent-cbp-conversation.json");
        long delivered = outboundMessage("wamid.nBgN6TUyN2k5NzAzM5kzNhUCABI8FDNFQjAxQkE5REI4NEUzQ5Y5QTNgAA==");
        postSigned(Fixtures.bytes("27-status-sent-cbp-conversation.json"));
        assertThat(message(delivered).get("status").asText()).isEqualTo("SENT");
        postSigned(Fixtures.bytes("28-status-delivered-cbp.json"));
        assertThat(message(delivered).get("status").asText()).isEqualTo("DELIVERED");
        removeChannels();

        setUpChannelsFor("31-status-failed-131047.json");
        long failed = outboundMessage("wamid.HBgNN5NzAzMDkTUyNzkzNhUEjA1MjUwNCAUIyNEYUQ0OTVGNTY0MwA=");
        postSigned(Fixtures.bytes("31-status-failed-131047.json"));
        JsonNode failure = message(failed);
        assertThat(failure.get("status").asText()).isEqualTo("FAILED");
        assertThat(failure.get("error").get("code").asInt()).isEqualTo(131047);
        assertThat(failure.get("error").get("title").asText()).contains("24 hours");
        removeChannels();

        setUpChannelsFor("32-status-failed-131053.json");
        long media = outboundMessage("wamid.HBgNNTUyNzk5NzAUZBQTI3MzRGRDA3MjgzMDkzNhUCABEYEjNCR2OQA=");
        postSigned(Fixtures.bytes("32-status-failed-131053.json"));
        assertThat(message(media).get("error").get("detail").asText()).contains("Unsupported Video mime type");
        removeChannels();

        setUpChannelsFor("34-status-played.json");
        long voice = outboundMessage("wamid.xyzxyz");
        postSigned(Fixtures.bytes("34-status-played.json"));
        assertThat(message(voice).get("status").asText()).isEqualTo("READ");
    }

    @Test
    void templateStatusUpdatesFindTheirChannelByWabaId() {
        setUpChannelsFor("36-template-approved.json");
        postSigned(Fixtures.bytes("36-template-approved.json"));
        JsonNode approved = lastEventPayload("template.updated");
        assertThat(approved.get("name").asText()).isEqualTo("order_confirmation");
        assertThat(approved.get("status").asText()).isEqualTo("APPROVED");
        removeChannels();

        setUpChannelsFor("37-template-rejected.json");
        postSigned(Fixtures.bytes("37-template-rejected.json"));
        JsonNode rejected = lastEventPayload("template.updated");
        assertThat(rejected.get("status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.get("reason").asText()).isEqualTo("SCAM");
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** Posts one fixture into a fresh org and returns the single message it created. */
    private JsonNode onlyMessage(String fixture) {
        setUpChannelsFor(fixture);
        Api.Response res = postSigned(Fixtures.bytes(fixture));
        assertThat(res.status()).as(res.toString()).isEqualTo(200);
        List<JsonNode> all = messages(onlyConversation().get("id").asLong());
        assertThat(all).as(fixture).hasSize(1);
        return all.getFirst();
    }

    /** A new org with one cloud channel per phone number id (and WABA) the fixture names. */
    void setUpChannelsFor(String fixture) {
        owner = registerOrg("Fixture " + fixture);
        Map<String, String> phoneToWaba = new LinkedHashMap<>();
        try {
            for (JsonNode entry : MAPPER.readTree(Fixtures.bytes(fixture)).path("entry")) {
                for (JsonNode change : entry.path("changes")) {
                    String phone = change.path("value").path("metadata").path("phone_number_id").asText(null);
                    phoneToWaba.put(phone != null ? phone : "waba-only-" + entry.path("id").asText(), entry.path("id").asText());
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        phoneToWaba.forEach((phone, waba) -> {
            Api.Response created = api.post("/api/v1/channels", obj("name", "Number " + phone, "provider", "cloud",
                    "phoneNumberId", phone, "wabaId", waba, "accessToken", "EAAG-test", "appSecret", APP_SECRET,
                    "verifyToken", "verify-" + phone), owner.accessToken());
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            channelIds.add(created.json().get("id").asLong());
        });
    }

    private Api.Response postSigned(byte[] body) {
        return api.raw("POST", "/webhooks/whatsapp", new String(body, StandardCharsets.UTF_8),
                Map.of("X-Hub-Signature-256", WebhookSignature.sign(body, APP_SECRET)));
    }

    private JsonNode conversations() {
        return api.get("/api/v1/conversations", owner.accessToken()).json().get("items");
    }

    private JsonNode onlyConversation() {
        JsonNode items = conversations();
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private List<JsonNode> messages(long conversationId) {
        List<JsonNode> list = new ArrayList<>();
        api.get("/api/v1/conversations/" + conversationId + "/messages", owner.accessToken()).json().get("items")
                .forEach(list::add);
        return list;
    }

    private JsonNode message(long id) {
        return db.inOrg(owner.orgId(), tx -> tx.get("SELECT conversation_id FROM message WHERE id = :id").addParam("id", id)
                .execute().map(row -> row.column("conversation_id").getLong())).map(conversation ->
                messages(conversation).stream().filter(m -> m.get("id").asLong() == id).findFirst().orElseThrow())
                .orElseThrow();
    }

    /** An outbound message Parley sent earlier with {@code wamid}, so that status fixtures have a target. */
    private long outboundMessage(String wamid) {
        long channel = channelIds.getFirst();
        return db.inOrg(owner.orgId(), tx -> {
            long contact = tx.get("INSERT INTO contact (org_id, wa_id, name) VALUES (:org, '15550001111', 'Status target')"
                    + " RETURNING id").addParam("org", owner.orgId()).execute().orElseThrow().column("id").getLong();
            long conversation = tx.get("INSERT INTO conversation (org_id, channel_id, contact_id) VALUES (:org, :channel, :contact)"
                            + " RETURNING id").addParam("org", owner.orgId()).addParam("channel", channel)
                    .addParam("contact", contact).execute().orElseThrow().column("id").getLong();
            return tx.get("INSERT INTO message (org_id, conversation_id, direction, type, text, status, wamid)"
                            + " VALUES (:org, :conversation, 'OUT', 'text', 'Hello from the shop', 'SENDING', :wamid) RETURNING id")
                    .addParam("org", owner.orgId()).addParam("conversation", conversation).addParam("wamid", wamid)
                    .execute().orElseThrow().column("id").getLong();
        });
    }

    private long countEvents() {
        return db.inOrg(owner.orgId(), tx -> tx.get("SELECT count(*) AS n FROM event").execute().orElseThrow()
                .column("n").getLong());
    }

    private long countMessages() {
        return db.inOrg(owner.orgId(), tx -> tx.get("SELECT count(*) AS n FROM message").execute().orElseThrow()
                .column("n").getLong());
    }

    private List<String> eventTypes() {
        return db.inOrg(owner.orgId(), tx -> tx.query("SELECT type FROM event ORDER BY id").execute()
                .map(row -> row.column("type").getString()).toList());
    }

    private JsonNode lastEventPayload(String type) {
        String json = db.inOrg(owner.orgId(), tx -> tx.get("SELECT CAST(payload AS text) AS p FROM event WHERE type = :type"
                        + " ORDER BY id DESC LIMIT 1").addParam("type", type).execute()
                .orElseThrow(() -> new AssertionError("no " + type + " event")).column("p").getString());
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
