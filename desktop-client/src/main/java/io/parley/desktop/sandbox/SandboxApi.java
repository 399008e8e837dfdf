package io.parley.desktop.sandbox;

import com.fasterxml.jackson.core.type.TypeReference;
import io.parley.desktop.api.ParleyClient;
import io.parley.model.channel.Channel;
import io.parley.model.channel.SandboxInbound;
import io.parley.model.common.Page;
import io.parley.model.inbox.Message;

import java.util.List;
import java.util.Map;

/** The customer simulator's calls: the sandbox numbers, a conversation's messages, and writing in. Blocking. */
public final class SandboxApi {
    private final ParleyClient client;

    public SandboxApi(ParleyClient client) {
        this.client = client;
    }

    public List<Channel> channels() {
        return client.get("/api/v1/channels", new TypeReference<Page<Channel>>() {
        }).items();
    }

    public Page<Message> messages(long conversationId) {
        return client.get("/api/v1/conversations/" + conversationId + "/messages", Map.of("limit", "100"),
                new TypeReference<>() {
                });
    }

    public Message inbound(long channelId, String from, String name, String text) {
        return client.post("/api/v1/sandbox/" + channelId + "/inbound", new SandboxInbound(from, name, text), Message.class);
    }
}
