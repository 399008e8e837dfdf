package io.parley.model.crm;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One entry of a contact's timeline.
 *
 * @param type    e.g. message.in, message.out, note, stage.changed, tag.added, tag.removed, field.changed,
 *                contact.created, contact.merged
 * @param actorId the member who did it, null for the customer or automation
 */
public record Activity(long id, String type, Instant at, Long actorId, String summary, JsonNode data) {
}
