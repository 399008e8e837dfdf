package io.parley.server.inbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * WhatsApp's news about a message the business sent.
 *
 * @param status  sent, delivered, read, played, failed (or anything newer, which is kept but not applied)
 * @param pricing conversation and pricing details, kept on the message
 */
public record StatusUpdate(String wamid, String status, Instant timestamp, String recipient, List<WhatsAppError> errors,
                           JsonNode pricing, String callbackData, JsonNode raw) {
    public StatusUpdate {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }
}
