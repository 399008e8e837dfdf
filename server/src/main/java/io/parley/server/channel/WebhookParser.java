package io.parley.server.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.server.crm.ContactRepository;
import io.parley.server.inbox.InboundMessage;
import io.parley.server.inbox.StatusUpdate;
import io.parley.server.inbox.WhatsAppError;
import io.parley.server.platform.crypto.Tokens;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads WhatsApp Cloud API webhook bodies into Parley's inbound model. Lenient by design: a field
 * of an unexpected type or a message type Parley does not know becomes an "unsupported" message
 * with its raw JSON, never an exception, so that no delivery is lost.
 */
public final class WebhookParser {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Clock clock;

    private static final long MAX_CLOCK_AHEAD_SECONDS = 86_400;

    public WebhookParser(Clock clock) {
        this.clock = clock;
    }

    /** One {@code entry[].changes[]} element with where it came from. */
    public record Change(String wabaId, String phoneNumberId, String field, List<InboundMessage> messages,
                         List<StatusUpdate> statuses, List<WhatsAppError> errors, String errorsJson,
                         TemplateStatus template) {
    }

    /** A {@code message_template_status_update}. */
    public record TemplateStatus(String templateId, String name, String language, String event, String reason) {
    }

    /** Every change of a body; an empty list for bodies that are not WhatsApp business webhooks. */
    public List<Change> parse(JsonNode body) {
        List<Change> changes = new ArrayList<>();
        for (JsonNode entry : array(body.path("entry"))) {
            String wabaId = text(entry.path("id"));
            for (JsonNode change : array(entry.path("changes"))) {
                changes.add(change(wabaId, change));
            }
        }
        return changes;
    }

    private Change change(String wabaId, JsonNode change) {
        String field = text(change.path("field"));
        JsonNode value = change.path("value");
        String phoneNumberId = text(value.path("metadata").path("phone_number_id"));
        TemplateStatus template = "message_template_status_update".equals(field)
                ? new TemplateStatus(text(value.path("message_template_id")), text(value.path("message_template_name")),
                text(value.path("message_template_language")), text(value.path("event")), text(value.path("reason")))
                : null;
        List<JsonNode> contacts = array(value.path("contacts"));
        List<InboundMessage> messages = new ArrayList<>();
        for (JsonNode m : array(value.path("messages"))) {
            messages.add(message(m, contacts));
        }
        List<StatusUpdate> statuses = new ArrayList<>();
        for (JsonNode s : array(value.path("statuses"))) {
            statuses.add(status(s));
        }
        return new Change(wabaId, phoneNumberId, field, messages, statuses, errors(value.path("errors")),
                value.path("errors").toString(), template);
    }

    private InboundMessage message(JsonNode m, List<JsonNode> contacts) {
        String waId = text(m.path("from"));
        String bsuid = text(m.path("from_user_id"));
        JsonNode profile = contactFor(contacts, waId, bsuid);
        if (waId == null) {
            waId = text(profile.path("wa_id"));
        }
        if (bsuid == null) {
            bsuid = text(profile.path("user_id"));
        }
        ContactRepository.Identity sender = new ContactRepository.Identity(waId, bsuid,
                text(profile.path("profile").path("username")), text(profile.path("profile").path("name")));

        String originalType = text(m.path("type"));
        String type = originalType == null ? "unsupported" : originalType;
        ObjectNode content = NODES.objectNode();
        String text = null;
        InboundMessage.InboundMedia media = null;
        String reactionTarget = null;
        JsonNode body = m.path(type);

        switch (type) {
            case "text" -> text = text(body.path("body"));
            case "image", "video", "audio", "document", "sticker" -> {
                if (body.isObject()) {
                    media = new InboundMessage.InboundMedia(text(body.path("id")), text(body.path("mime_type")),
                            text(body.path("sha256")), text(body.path("filename")), text(body.path("url")));
                    text = text(body.path("caption"));
                    copyIfPresent(body, "voice", content, "voice");
                    copyIfPresent(body, "animated", content, "animated");
                } else {
                    type = "unsupported";
                }
            }
            case "location" -> {
                copyIfPresent(body, "latitude", content, "latitude");
                copyIfPresent(body, "longitude", content, "longitude");
                copyIfPresent(body, "name", content, "name");
                copyIfPresent(body, "address", content, "address");
                copyIfPresent(body, "url", content, "url");
                String name = text(body.path("name"));
                String address = text(body.path("address"));
                text = name != null ? (address != null ? name + ", " + address : name)
                        : address != null ? address
                        : "Location " + body.path("latitude").asText("?") + ", " + body.path("longitude").asText("?");
            }
            case "contacts" -> {
                List<String> names = new ArrayList<>();
                for (JsonNode card : array(body)) {
                    String name = text(card.path("name").path("formatted_name"));
                    names.add(name != null ? name : "(no name)");
                }
                content.set("contacts", body.isArray() ? body : NODES.arrayNode());
                text = names.isEmpty() ? "Shared contacts" : "Shared " + (names.size() == 1 ? "contact" : "contacts")
                        + ": " + String.join(", ", names);
            }
            case "interactive" -> text = interactive(body, content);
            case "button" -> {
                text = text(body.path("text"));
                copyIfPresent(body, "payload", content, "payload");
            }
            case "reaction" -> {
                reactionTarget = text(body.path("message_id"));
                text = text(body.path("emoji"));
                if (reactionTarget == null) {
                    type = "unsupported";
                }
            }
            case "order" -> {
                content.set("order", body);
                int items = array(body.path("product_items")).size();
                String note = text(body.path("text"));
                text = note != null ? note : "Order: " + items + (items == 1 ? " item" : " items");
            }
            case "system" -> {
                text = text(body.path("body"));
                copyIfPresent(body, "type", content, "systemType");
                copyIfPresent(body, "wa_id", content, "newWaId");
                if (text == null) {
                    text = "System message";
                }
            }
            default -> type = "unsupported";
        }
        if ("interactive".equals(type) && text == null && !content.has("kind")) {
            type = "unsupported";
        }
        if ("unsupported".equals(type)) {
            content.put("originalType", originalType);
            String subtype = text(m.path("unsupported").path("type"));
            if (subtype != null) {
                content.put("unsupportedType", subtype);
            }
            text = null;
            media = null;
        }

        JsonNode context = m.path("context");
        String replyTo = text(context.path("id"));
        String wamid = text(m.path("id"));
        if (wamid == null) {
            // Meta always sends one; without it a redelivery would be stored again. The same body gives the same key.
            wamid = "parley.noid." + Tokens.hash(m.toString());
        }
        if (replyTo != null && replyTo.equals(wamid)) {
            replyTo = null;
        }
        boolean forwarded = context.path("forwarded").asBoolean(false) || context.path("frequently_forwarded").asBoolean(false);
        if (context.path("referred_product").isObject()) {
            content.set("referredProduct", context.path("referred_product"));
        }
        if (m.path("referral").isObject()) {
            content.set("referral", m.path("referral"));
        }
        String groupId = text(m.path("group_id"));
        if (groupId != null) {
            content.put("groupId", groupId);
        }
        List<WhatsAppError> errors = errors(m.path("errors"));
        if (!errors.isEmpty()) {
            content.set("errors", m.path("errors"));
        }
        return new InboundMessage(wamid, sender, timestamp(m.path("timestamp")), type, text, content, media,
                replyTo, forwarded, reactionTarget, errors, m);
    }

    private static String interactive(JsonNode body, ObjectNode content) {
        String kind = text(body.path("type"));
        if (kind == null) {
            return null;
        }
        content.put("kind", kind);
        JsonNode reply = body.path(kind);
        switch (kind) {
            case "button_reply", "list_reply" -> {
                copyIfPresent(reply, "id", content, "id");
                copyIfPresent(reply, "title", content, "title");
                copyIfPresent(reply, "description", content, "description");
                return text(reply.path("title"));
            }
            case "nfm_reply" -> {
                copyIfPresent(reply, "name", content, "name");
                copyIfPresent(reply, "response_json", content, "responseJson");
                String text = text(reply.path("body"));
                return text != null ? text : "Form submitted";
            }
            default -> {
                content.set("reply", reply);
                return "Interactive reply";
            }
        }
    }

    /** One {@code statuses[]} element (also used to replay statuses kept for a wamid not yet known). */
    public StatusUpdate status(JsonNode s) {
        ObjectNode pricing = NODES.objectNode();
        if (s.path("conversation").isObject()) {
            pricing.set("conversation", s.path("conversation"));
        }
        if (s.path("pricing").isObject()) {
            pricing.set("pricing", s.path("pricing"));
        }
        String recipient = text(s.path("recipient_id"));
        return new StatusUpdate(text(s.path("id")), text(s.path("status")), timestamp(s.path("timestamp")),
                recipient != null ? recipient : text(s.path("recipient_user_id")),
                errors(s.path("errors")), pricing.isEmpty() ? null : pricing, text(s.path("biz_opaque_callback_data")), s);
    }

    private static List<WhatsAppError> errors(JsonNode node) {
        List<WhatsAppError> errors = new ArrayList<>();
        for (JsonNode e : array(node)) {
            String detail = text(e.path("error_data").path("details"));
            if (detail == null) {
                detail = text(e.path("details"));
            }
            String title = text(e.path("title"));
            if (title == null) {
                title = text(e.path("message"));
            }
            errors.add(WhatsAppError.of(e.path("code").asInt(0), title, detail));
        }
        return errors;
    }

    private static JsonNode contactFor(List<JsonNode> contacts, String waId, String bsuid) {
        for (JsonNode c : contacts) {
            if ((waId != null && waId.equals(text(c.path("wa_id")))) || (bsuid != null && bsuid.equals(text(c.path("user_id"))))) {
                return c;
            }
        }
        return contacts.size() == 1 ? contacts.getFirst() : NODES.missingNode();
    }

    /** Meta's epoch seconds; a missing, damaged or far-future one (it would sort first forever) is the arrival time. */
    private Instant timestamp(JsonNode node) {
        long seconds = node.isNumber() ? node.asLong() : node.isTextual() ? parseLong(node.asText()) : -1;
        Instant now = clock.instant();
        return seconds > 0 && seconds <= now.getEpochSecond() + MAX_CLOCK_AHEAD_SECONDS ? Instant.ofEpochSecond(seconds) : now;
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static List<JsonNode> array(JsonNode node) {
        List<JsonNode> list = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(list::add);
        }
        return list;
    }

    /** Text of a scalar node (numbers too: Meta sends some ids as numbers); null when absent or blank. */
    private static String text(JsonNode node) {
        if (node == null || !node.isValueNode() || node.isNull()) {
            return null;
        }
        // PostgreSQL text cannot hold U+0000.
        String s = node.asText().replace('\u0000', '\uFFFD');
        return s.isBlank() ? null : s;
    }

    private static void copyIfPresent(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode v = from.path(field);
        if (!v.isMissingNode() && !v.isNull()) {
            to.set(as, v);
        }
    }
}
