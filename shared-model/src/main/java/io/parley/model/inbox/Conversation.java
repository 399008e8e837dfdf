package io.parley.model.inbox;

import java.time.Instant;
import java.util.List;

/**
 * @param windowExpiresAt end of the 24-hour customer-service window; null when the customer never wrote
 */
public record Conversation(long id, ContactSummary contact, long channelId, String status, Long assigneeId,
                           Long teamId, String priority, List<String> labels, int unreadCount,
                           Instant lastMessageAt, String lastMessagePreview, Instant windowExpiresAt) {
    public Conversation {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }
}
