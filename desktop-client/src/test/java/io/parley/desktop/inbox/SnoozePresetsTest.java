package io.parley.desktop.inbox;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class SnoozePresetsTest {

    @Test
    void presetsAreInTheAgentsOwnTimeZone() {
        // A Friday evening in Berlin, 23:30 local = 22:30 UTC.
        ZonedDateTime now = ZonedDateTime.of(2026, 11, 20, 23, 30, 0, 0, ZoneId.of("Europe/Berlin"));
        assertThat(SnoozePresets.from(now)).extracting(SnoozePresets.Preset::label, SnoozePresets.Preset::until)
                .containsExactly(
                        tuple("1 hour", Instant.parse("2026-11-20T23:30:00Z")),
                        tuple("3 hours", Instant.parse("2026-11-21T01:30:00Z")),
                        tuple("Tomorrow, 9:00", Instant.parse("2026-11-21T08:00:00Z")),
                        tuple("Next Monday, 9:00", Instant.parse("2026-11-23T08:00:00Z")),
                        tuple("1 week", Instant.parse("2026-11-27T22:30:00Z")));
    }
}
