package io.parley.server.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.server.crm.ContactRepository;

import java.time.Instant;
import java.util.List;

/**
 * A message a customer sent, as any channel provider hands it to the inbox.
 *
 * @param type          Parley's message type (text, image, …, unsupported); {@code reaction} for reactions
 * @param text          what the agent reads
 * @param content       type-specific details
 * @param reactionTarget for reactions: the wamid reacted to; {@code text} holds the emoji (null = removed)
 * @param raw           the provider's own JSON of this message, kept verbatim
 */
public record InboundMessage(String wamid, ContactRepository.Identity sender, Instant timestamp, String type,
                             String text, ObjectNode content, InboundMedia media, String replyToWamid,
                             boolean forwarded, String reactionTarget, List<WhatsAppError> errors, JsonNode raw) {
    public InboundMessage {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** A file attached to an inbound message, still at the provider. */
    public record InboundMedia(String providerMediaId, String mimeType, String sha256, String filename, String url) {
    }
}
