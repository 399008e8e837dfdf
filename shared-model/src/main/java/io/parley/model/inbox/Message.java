package io.parley.model.inbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;

/**
 * One message of a conversation.
 *
 * @param type      text, image, video, audio, document, sticker, location, contacts, interactive, button,
 *                  order, system, template, unsupported
 * @param text      what the agent reads: the body, a caption, the chosen button's title, a place's name, ...
 * @param content   type-specific details (coordinates, shared contacts, interactive ids, order items, ...)
 * @param replyTo   id of the quoted message, when this message is a reply and Parley has the quoted one
 * @param note      a private note of the team (type "note"): shown in the timeline, never sent to WhatsApp
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Message(long id, long conversationId, String direction, String type, String text, JsonNode content,
                      Media media, String status, MessageError error, String wamid, Long sentBy, Long replyTo,
                      boolean forwarded, boolean note, List<Reaction> reactions, Instant createdAt) {
    public Message {
        reactions = reactions == null ? List.of() : List.copyOf(reactions);
    }
}
