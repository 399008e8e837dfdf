package io.parley.desktop.inbox;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.parley.desktop.api.ParleyClient;
import io.parley.model.channel.Channel;
import io.parley.model.channel.Template;
import io.parley.model.common.Page;
import io.parley.model.identity.User;
import io.parley.model.inbox.Conversation;
import io.parley.model.inbox.Message;
import io.parley.model.inbox.MessageRequest;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The inbox's calls: conversations, messages, notes, media, canned answers and templates. Blocking. */
public final class InboxApi {
    private final ParleyClient client;

    public InboxApi(ParleyClient client) {
        this.client = client;
    }

    /** One page of the list; {@code query} holds the filters as the API names them (status, assignee, q, ...). */
    public Page<Conversation> conversations(Map<String, String> query, String cursor) {
        Map<String, String> all = new HashMap<>(query);
        all.put("limit", "200");
        all.put("cursor", cursor);
        return client.get("/api/v1/conversations", all, new TypeReference<>() {
        });
    }

    public Map<String, Long> counts() {
        return client.get("/api/v1/conversations/counts", new TypeReference<Map<String, Long>>() {
        });
    }

    public Conversation conversation(long id) {
        return client.get("/api/v1/conversations/" + id, Conversation.class);
    }

    public Page<Message> messages(long conversationId, Long before) {
        return client.get("/api/v1/conversations/" + conversationId + "/messages",
                Map.of("limit", "100", "before", before == null ? "" : before.toString()), new TypeReference<>() {
                });
    }

    public Message send(long conversationId, MessageRequest request) {
        return client.post("/api/v1/conversations/" + conversationId + "/messages", request, Message.class);
    }

    /** A message's file (inbound media or an agent's upload), as bytes. */
    public byte[] media(long mediaId) {
        return client.bytes("/api/v1/media/" + mediaId);
    }

    /**
     * Uploads a file to send; the answer names the upload ({@code id}) and the message type WhatsApp
     * will take it as ({@code type}). The server refuses types and sizes WhatsApp does not take.
     */
    public JsonNode upload(Path file, String mimeType) {
        return client.upload("/api/v1/media", Map.of("filename", file.getFileName().toString()), file, mimeType,
                JsonNode.class);
    }

    public Message note(long conversationId, String text) {
        return client.post("/api/v1/conversations/" + conversationId + "/notes", Map.of("text", text), Message.class);
    }

    /** PATCH with only the given fields (a null value clears, e.g. {@code assigneeId}). */
    public Conversation updateConversation(long id, Map<String, Object> changes) {
        return client.patch("/api/v1/conversations/" + id, changes, Conversation.class);
    }

    public void markRead(long conversationId) {
        client.post("/api/v1/conversations/" + conversationId + "/read", null, Void.class);
    }

    /** Canned answers whose shortcut starts with {@code shortcutPrefix}, rendered for the conversation. */
    public JsonNode cannedResponses(String shortcutPrefix, Long conversationId) {
        Map<String, String> query = new HashMap<>();
        query.put("q", shortcutPrefix);
        query.put("conversationId", conversationId == null ? null : conversationId.toString());
        return client.get("/api/v1/canned-responses", query, new TypeReference<JsonNode>() {
        }).path("items");
    }

    /** The organisation's members, to assign conversations to. */
    public List<User> users() {
        return client.get("/api/v1/users", Map.of("limit", "200"), new TypeReference<Page<User>>() {
        }).items();
    }

    public List<Channel> channels() {
        return client.get("/api/v1/channels", new TypeReference<Page<Channel>>() {
        }).items();
    }

    public List<Template> templates() {
        return client.get("/api/v1/templates", new TypeReference<Page<Template>>() {
        }).items();
    }
}
