package io.pitcrew.preflight;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * {@code preflight --start} and {@code --end} as a host types them: {@code 10:00} on this machine's clock, or a time
 * with its offset ({@code 2026-11-25T10:00:00+01:00}, {@code ...Z}).
 */
public final class WorkshopTime {

    /** A start typed as 10:00 is today's while today's is less than this long past, else tomorrow's. */
    static final Duration STILL_TODAY = Duration.ofHours(12);

    private WorkshopTime() {}

    /** {@code --start}: 10:00 is the nearest such time (today's, until it is 12 hours past). */
    public static Instant start(String text, Instant now, ZoneId zone) {
        return parse("--start", text, zone, t -> {
            Instant today = LocalDateTime.ofInstant(now, zone).toLocalDate().atTime(t).atZone(zone).toInstant();
            return today.isBefore(now.minus(STILL_TODAY)) ? today.atZone(zone).plusDays(1).toInstant() : today;
        });
    }

    /** {@code --end}: 16:00 is the first such time after the start. */
    public static Instant end(String text, Instant start, ZoneId zone) {
        return parse("--end", text, zone, t -> {
            var day = LocalDateTime.ofInstant(start, zone).toLocalDate().atTime(t).atZone(zone);
            return day.toInstant().isAfter(start) ? day.toInstant() : day.plusDays(1).toInstant();
        });
    }

    private static Instant parse(String option, String text, ZoneId zone, Function<LocalTime, Instant> timeOfDay) {
        String t = text.strip();
        try {
            return timeOfDay.apply(LocalTime.parse(t));
        } catch (DateTimeParseException notATimeOfDay) {
            try {
                return OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(option + " '" + t + "' is not a time: write 10:00 (this machine's clock, "
                        + zone.getId() + ") or 2026-11-25T10:00:00+01:00");
            }
        }
    }
}
