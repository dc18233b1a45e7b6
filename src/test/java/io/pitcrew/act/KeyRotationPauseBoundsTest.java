package io.pitcrew.act;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pause's bounds hold for every caller: the API hands parameters straight to the action, past the command line. */
class KeyRotationPauseBoundsTest {

    private static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");

    private static Instant resumeAt(String name, String value) {
        return PauseKeyRotation.resumeAt(new Parameters(Map.of(name, value)), NOW).orElseThrow();
    }

    @Test
    void aWorkshopDayAtMost() {
        assertThat(resumeAt("for", "4h")).isEqualTo(NOW.plusSeconds(4 * 3600));
        assertThat(resumeAt("for", "1d")).isEqualTo(NOW.plusSeconds(24 * 3600));
        assertThat(resumeAt("for", "PT90M")).isEqualTo(NOW.plusSeconds(90 * 60));
        assertThatThrownBy(() -> resumeAt("for", "0s")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--for 0s: a key-rotation pause is more than 0 and at most 24h");
        assertThatThrownBy(() -> resumeAt("for", "99999999h")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--for 99999999h is too long: a key-rotation pause is more than 0 and at most 24h");
        assertThatThrownBy(() -> resumeAt("for", "-5m")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--for '-5m' is negative");
        assertThatThrownBy(() -> resumeAt("until", "2026-12-25T09:00:00Z")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--until 2026-12-25T09:00:00Z is too long");
    }
}
