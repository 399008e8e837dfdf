package io.parley.desktop.inbox;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

/** The snooze menu's choices, in the agent's own time zone: the conversation comes back at that time. */
final class SnoozePresets {
    private static final LocalTime MORNING = LocalTime.of(9, 0);

    record Preset(String label, Instant until) {
    }

    private SnoozePresets() {
    }

    static List<Preset> from(ZonedDateTime now) {
        ZonedDateTime tomorrowMorning = now.plusDays(1).with(MORNING);
        ZonedDateTime nextMonday = now.with(TemporalAdjusters.next(DayOfWeek.MONDAY)).with(MORNING);
        return List.of(
                new Preset("1 hour", now.plus(Duration.ofHours(1)).toInstant()),
                new Preset("3 hours", now.plus(Duration.ofHours(3)).toInstant()),
                new Preset("Tomorrow, 9:00", tomorrowMorning.toInstant()),
                new Preset("Next Monday, 9:00", nextMonday.toInstant()),
                new Preset("1 week", now.plusWeeks(1).toInstant()));
    }
}
