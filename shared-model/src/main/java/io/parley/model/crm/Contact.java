package io.parley.model.crm;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A customer as the CRM knows them.
 *
 * @param phone        E.164 with '+', or null (a WhatsApp user known only by username)
 * @param tags         tag names, sorted
 * @param customFields values by custom-field key, as JSON (text, number, ISO date, option, boolean)
 * @param source       WHATSAPP (wrote in), MANUAL (created in the app or API) or IMPORT
 */
public record Contact(long id, String name, String phone, String waId, String email, List<String> tags, Long stageId,
                      Long ownerId, Map<String, JsonNode> customFields, boolean optedOut, Instant optedOutAt,
                      boolean aiEnabled, String source, Instant createdAt, Instant lastSeenAt, Instant lastInboundAt) {
    public Contact {
        tags = tags == null ? List.of() : List.copyOf(tags);
        customFields = customFields == null ? Map.of() : Map.copyOf(customFields);
    }
}
