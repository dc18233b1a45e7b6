package io.pitcrew.check;

import io.pitcrew.observe.LogTail;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.pitcrew.check.SnapshotFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

class KeyRotationCheckTest {

    private final KeyRotationCheck check = new KeyRotationCheck();

    @Test
    void aRotationWithinTheWindowIsReportedWithTheLine() {
        List<Signal> signals = region().log(LogTail.Component.KEY_ROTATOR, "litellm", "litellm-key-rotator-5b7c-x2",
                        line(Duration.ofMinutes(50), "Rotated 42 keys"),
                        line(Duration.ofMinutes(6), "Starting key rotation for 42 virtual keys"),
                        line(Duration.ofMinutes(4), "Rotated 42 keys; next rotation in 4h12m"))
                .run(check);

        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("key-rotation-recent");
            assertThat(s.region()).isEqualTo("us-east-2");
            assertThat(s.affected()).isEqualTo(2);
            assertThat(s.evidence()).extracting(Evidence::detail).containsExactly(
                    "2025-06-12T14:54:00Z Starting key rotation for 42 virtual keys",
                    "2025-06-12T14:56:00Z Rotated 42 keys; next rotation in 4h12m");
            assertThat(s.evidence().getFirst().ref()).isEqualTo("Log litellm/litellm-key-rotator-5b7c-x2");
        });
    }

    @Test
    void announcementsOfAFutureRotationAndOldRotationsRaiseNothing() {
        List<Signal> signals = region().log(LogTail.Component.KEY_ROTATOR, "litellm", "litellm-key-rotator-5b7c-x2",
                        line(Duration.ofMinutes(2), "keys valid; next rotation in 1h24m"),
                        line(Duration.ofMinutes(1), "rotation scheduled at 2025-06-12T16:24:00Z"),
                        line(Duration.ofMinutes(1), "Scheduled rotation in 4h"),
                        line(Duration.ofMinutes(1), "litellm-key-rotator v1.4.2 started; health check ok"),
                        line(Duration.ofHours(3), "Rotated 42 keys"))
                .run(check);

        assertThat(signals).isEmpty();
    }
}
