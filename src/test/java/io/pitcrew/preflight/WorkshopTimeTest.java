package io.pitcrew.preflight;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** preflight's --start and --end: 10:00 on this machine's clock, or a time with its offset. */
class WorkshopTimeTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void aTimeOfDayIsTodaysUntilItIsTwelveHoursPast() {
        Instant morning = Instant.parse("2026-11-25T08:00:00Z"); // 09:00 in Paris
        assertThat(WorkshopTime.start("10:00", morning, PARIS)).isEqualTo(Instant.parse("2026-11-25T09:00:00Z"));
        assertThat(WorkshopTime.start("08:30", morning, PARIS)).as("half an hour ago: running").isEqualTo(Instant.parse("2026-11-25T07:30:00Z"));
        Instant night = Instant.parse("2026-11-25T22:00:00Z"); // 23:00 in Paris
        assertThat(WorkshopTime.start("10:00", night, PARIS)).as("13 hours past: tomorrow's").isEqualTo(Instant.parse("2026-11-26T09:00:00Z"));
    }

    @Test
    void anEndIsTheFirstSuchTimeAfterTheStart() {
        Instant start = Instant.parse("2026-11-25T21:00:00Z"); // 22:00 in Paris
        assertThat(WorkshopTime.end("23:30", start, PARIS)).isEqualTo(Instant.parse("2026-11-25T22:30:00Z"));
        assertThat(WorkshopTime.end("02:00", start, PARIS)).isEqualTo(Instant.parse("2026-11-26T01:00:00Z"));
    }

    @Test
    void aTimeWithItsOffsetIsThatMoment() {
        assertThat(WorkshopTime.start("2026-11-25T10:00:00+01:00", Instant.EPOCH, PARIS)).isEqualTo(Instant.parse("2026-11-25T09:00:00Z"));
        assertThat(WorkshopTime.end("2026-11-25T16:00:00Z", Instant.EPOCH, PARIS)).isEqualTo(Instant.parse("2026-11-25T16:00:00Z"));
        assertThatThrownBy(() -> WorkshopTime.start("2026-11-25T10:00", Instant.EPOCH, PARIS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--start '2026-11-25T10:00' is not a time: write 10:00 (this machine's clock, Europe/Paris) or 2026-11-25T10:00:00+01:00");
    }
}
