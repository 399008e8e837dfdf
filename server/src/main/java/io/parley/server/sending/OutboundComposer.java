package io.parley.server.sending;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.model.inbox.MessageRequest;
import io.parley.server.inbox.MediaKinds;
import io.parley.server.platform.error.ValidationException;
import io.parley.server.platform.http.Violations;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an agent's {@link MessageRequest} into WhatsApp's message shape, checking what WhatsApp
 * would refuse (lengths, required parts) before anything is queued.
 */
public final class OutboundComposer {
    static final int MAX_TEXT = 4096;
    static final int MAX_CAPTION = 1024;
    /** Marks an upload inside the queued body; the sender swaps it for the provider's media id. */
    static final String UPLOAD_FIELD = "parley_upload_id";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\d+)}}");

    private final ObjectMapper mapper;

    public OutboundComposer(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * A message ready to queue.
     *
     * @param whatsapp     the body for the provider (without recipient)
     * @param text         what the agent sees in the thread
     * @param content      details kept for display
     * @param freeForm     false only for templates, which may be sent outside the 24-hour window
     * @param reactionTo   for reactions, the wamid reacted to
     */
    public record Composed(String type, ObjectNode whatsapp, String text, ObjectNode content, boolean freeForm,
                           String reactionTo) {
    }

    /** Resolves a message id of the conversation to its wamid (replies and reactions quote by wamid). */
    @FunctionalInterface
    public interface WamidLookup {
        String wamidOf(long messageId);
    }

    /** An agent's upload that a message may carry: its kind and file name, or null when there is none. */
    @FunctionalInterface
    public interface UploadLookup {
        Upload upload(long uploadId);
    }

    public record Upload(long id, MediaKinds.Kind kind, String filename) {
    }

    /** A template's body text as synced, to show the agent what the customer will read. */
    @FunctionalInterface
    public interface TemplateBody {
        String bodyOf(String name, String language);
    }

    public Composed compose(MessageRequest req, WamidLookup wamids, TemplateBody templates, UploadLookup uploads) {
        String type = req.type() == null ? null : req.type().strip().toLowerCase(Locale.ROOT);
        if (type == null || type.isEmpty()) {
            throw ValidationException.of("type", "is required: text, template, image, document, audio, video, sticker,"
                    + " interactive or reaction");
        }
        ObjectNode body = mapper.createObjectNode().put("type", type);
        ObjectNode content = mapper.createObjectNode();
        String text;
        String reactionTo = null;
        boolean freeForm = true;
        Violations v = new Violations();
        switch (type) {
            case "text" -> {
                v.text("text", req.text(), MAX_TEXT).throwIfAny();
                text = req.text();
                body.putObject("text").put("body", text).put("preview_url", Boolean.TRUE.equals(req.previewUrl()));
            }
            case "template" -> {
                JsonNode t = req.template();
                String name = t == null ? null : t.path("name").asText(null);
                String language = t == null ? null : t.path("language").isTextual() ? t.path("language").asText()
                        : t.path("language").path("code").asText(null);
                v.check(name != null && !name.isBlank(), "template.name", "is required")
                        .check(language != null && !language.isBlank(), "template.language", "is required, e.g. en_US")
                        .check(t == null || t.path("components").isMissingNode() || t.path("components").isArray(),
                                "template.components", "must be a list")
                        .throwIfAny();
                ObjectNode template = body.putObject("template").put("name", name);
                template.putObject("language").put("code", language);
                if (t.path("components").isArray()) {
                    template.set("components", t.path("components"));
                }
                content.put("templateName", name).put("templateLanguage", language);
                text = render(templates.bodyOf(name, language), t.path("components"), name);
                freeForm = false;
            }
            case "image", "document", "audio", "video", "sticker" -> {
                JsonNode media = req.media();
                String link = media == null ? null : media.path("link").asText(null);
                long uploadId = media == null ? 0 : media.path("uploadId").asLong(0);
                String caption = media == null ? null : media.path("caption").asText(null);
                v.check((link != null) != (uploadId > 0), "media", "needs either link or uploadId")
                        .check(link == null || isHttpUrl(link), "media.link", "must be an http(s) link to the file")
                        .check(caption == null || caption.length() <= MAX_CAPTION, "media.caption",
                                "must be at most " + MAX_CAPTION + " characters")
                        .check(caption == null || !(type.equals("audio") || type.equals("sticker")), "media.caption",
                                "is not allowed on " + type)
                        .throwIfAny();
                ObjectNode object = body.putObject(type);
                String filename = media.path("filename").asText(null);
                if (uploadId > 0) {
                    Upload upload = uploads.upload(uploadId);
                    if (upload == null) {
                        throw ValidationException.of("media.uploadId", "is not an unused upload of this organisation");
                    }
                    if (!MediaKinds.sendableAs(upload.kind(), type)) {
                        throw ValidationException.of("media.uploadId", "is a " + upload.kind().messageType()
                                + " file and cannot be sent as " + type);
                    }
                    object.put(UPLOAD_FIELD, uploadId);
                    content.put("uploadId", uploadId);
                    if (filename == null) {
                        filename = upload.filename();
                    }
                } else {
                    object.put("link", link);
                    content.put("link", link);
                }
                if (caption != null) {
                    object.put("caption", caption);
                }
                if (filename != null && type.equals("document")) {
                    object.put("filename", filename);
                    content.put("filename", filename);
                }
                text = caption;
            }
            case "interactive" -> {
                JsonNode interactive = req.interactive();
                String kind = interactive == null ? null : interactive.path("type").asText(null);
                String bodyText = interactive == null ? null : interactive.path("body").path("text").asText(null);
                v.check(kind != null && Set.of("button", "list", "cta_url", "flow").contains(kind), "interactive.type",
                                "must be button, list, cta_url or flow")
                        .check(bodyText != null && !bodyText.isBlank(), "interactive.body.text", "is required")
                        .check(!"button".equals(kind) || between(interactive.path("action").path("buttons").size(), 1, 3),
                                "interactive.action.buttons", "must hold 1 to 3 buttons")
                        .check(!"list".equals(kind) || interactive.path("action").path("sections").size() > 0,
                                "interactive.action.sections", "must hold at least one section")
                        .throwIfAny();
                body.set("interactive", interactive);
                content.put("kind", kind);
                text = bodyText;
            }
            case "reaction" -> {
                JsonNode reaction = req.reaction();
                long target = reaction == null ? 0 : reaction.path("messageId").asLong(0);
                v.check(target > 0, "reaction.messageId", "is required").throwIfAny();
                reactionTo = wamids.wamidOf(target);
                if (reactionTo == null) {
                    throw ValidationException.of("reaction.messageId", "is not a message of this conversation that"
                            + " WhatsApp knows (it has no wamid yet)");
                }
                String emoji = reaction.path("emoji").asText("");
                body.putObject("reaction").put("message_id", reactionTo).put("emoji", emoji);
                content.put("targetMessageId", target).put("emoji", emoji);
                text = emoji.isEmpty() ? "Reaction removed" : emoji;
            }
            default -> throw ValidationException.of("type", "'" + type + "' cannot be sent");
        }
        if (req.replyToMessageId() != null) {
            String quoted = wamids.wamidOf(req.replyToMessageId());
            if (quoted == null) {
                throw ValidationException.of("replyToMessageId", "is not a message of this conversation that WhatsApp knows");
            }
            body.putObject("context").put("message_id", quoted);
        }
        return new Composed(type, body, text, content, freeForm, reactionTo);
    }

    /** The template body with its {{n}} filled from the body component's parameters. */
    private static String render(String templateBody, JsonNode components, String name) {
        if (templateBody == null) {
            return "Template: " + name;
        }
        JsonNode parameters = null;
        for (JsonNode c : components) {
            if ("body".equalsIgnoreCase(c.path("type").asText())) {
                parameters = c.path("parameters");
            }
        }
        JsonNode params = parameters;
        Matcher m = PLACEHOLDER.matcher(templateBody);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int index = Integer.parseInt(m.group(1)) - 1;
            JsonNode p = params == null ? null : params.path(index);
            String value = p == null || p.isMissingNode() ? m.group() : p.path("text").asText(m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean between(int n, int min, int max) {
        return n >= min && n <= max;
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
