package io.parley.server.crm;

import io.parley.server.platform.error.ValidationException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * Where a page of the contact list ended, in its order (last seen, newest first, never-seen last;
 * then id): opaque to clients, who pass back the {@code nextCursor} they were given.
 *
 * @param lastSeenAt the last row's last-seen time, null when it was never seen
 */
record ContactCursor(Instant lastSeenAt, long id) {

    String encode() {
        String seen = lastSeenAt == null ? "-" : Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, lastSeenAt));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("c:" + seen + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    static ContactCursor decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
            if (parts.length == 3 && parts[0].equals("c")) {
                Instant seen = parts[1].equals("-") ? null : Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS);
                return new ContactCursor(seen, Long.parseLong(parts[2]));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the validation error below
        }
        throw ValidationException.of("cursor", "is not a cursor this list returned");
    }
}
