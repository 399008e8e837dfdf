package io.parley.model.channel;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** How a channel reaches WhatsApp. */
public enum Provider {
    /** The official WhatsApp Cloud API (Meta's Graph API). */
    CLOUD,
    /** Built in: a simulated customer phone, no Meta account needed. */
    SANDBOX;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Provider fromWire(String value) {
        return value == null ? null : valueOf(value.strip().toUpperCase(Locale.ROOT));
    }
}
