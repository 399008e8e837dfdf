package io.parley.model.inbox;

/** Why WhatsApp refused or could not deliver a message, in words an agent can act on. */
public record MessageError(Integer code, String title, String detail) {
}
