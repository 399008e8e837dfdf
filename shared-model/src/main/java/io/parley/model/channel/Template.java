package io.parley.model.channel;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** A message template as Meta reviewed it (APPROVED, PENDING, REJECTED, PAUSED, DISABLED, ...). */
public record Template(long id, long channelId, String name, String language, String category, String status,
                       String reason, JsonNode components, Instant updatedAt) {
}
