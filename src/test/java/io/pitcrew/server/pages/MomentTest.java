package io.pitcrew.server.pages;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Times on the pages: a UTC clock (the date too when not today) and how long ago, the instant in the attribute. */
class MomentTest {

    static final Instant AT = Instant.parse("2026-11-25T17:11:13.730790670Z");

    @Test
    void aClockAndHowLongAgo() {
        assertThat(Moment.text(AT, AT.plusSeconds(20))).isEqualTo("17:11 UTC · just now");
        assertThat(Moment.text(AT, AT.plus(Duration.ofMinutes(3).plusSeconds(59)))).isEqualTo("17:11 UTC · 3 min ago");
        assertThat(Moment.text(AT, AT.plus(Duration.ofMinutes(119)))).isEqualTo("17:11 UTC · 119 min ago");
        assertThat(Moment.text(AT.minus(Duration.ofHours(3)), AT)).isEqualTo("14:11 UTC · 3 h ago");
        assertThat(Moment.text(AT, AT.plus(Duration.ofHours(30)))).isEqualTo("2026-11-25 17:11 UTC · 30 h ago");
        assertThat(Moment.text(AT, AT.plus(Duration.ofDays(3)))).isEqualTo("2026-11-25 17:11 UTC · 3 days ago");
        assertThat(Moment.text(AT, AT.minusSeconds(5))).as("a clock a little behind").isEqualTo("17:11 UTC · just now");
    }

    @Test
    void theInstantStaysInTheAttribute() {
        assertThat(Moment.html(AT, AT.plusSeconds(200)).html()).isEqualTo(
                "<time datetime=\"2026-11-25T17:11:13.730790670Z\" title=\"2026-11-25T17:11:13.730790670Z\">17:11 UTC · 3 min ago</time>");
    }
}
