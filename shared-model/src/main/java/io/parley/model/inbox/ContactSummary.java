package io.parley.model.inbox;

/** @param phone E.164 with '+', or null when WhatsApp gave no number (username-only users) */
public record ContactSummary(long id, String name, String phone) {
}
