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

    @Test
    void theSummarySaysWhenTheRotationStartedAndWhenTheNextIsDue() {
        Signal announced = region().log(LogTail.Component.KEY_ROTATOR, "litellm", "litellm-key-rotator-5b7c-x2",
                        line(Duration.ofMinutes(6), "Starting key rotation for 42 virtual keys"),
                        line(Duration.ofMinutes(4), "Rotated 42 keys; next rotation in 4h12m"))
                .run(check).getFirst();
        assertThat(announced.summary()).contains("rotation started 2025-06-12T14:54:00Z (6m ago), finished after 2m")
                .contains("next due 2025-06-12T19:08:00Z (in 4h08m), announced: \"next rotation in 4h12m\"");

        Signal fromHistory = region().log(LogTail.Component.KEY_ROTATOR, "litellm", "litellm-key-rotator-5b7c-x2",
                        line(Duration.ofMinutes(275), "rotated 40 virtual keys"),
                        line(Duration.ofMinutes(3), "rotating LiteLLM virtual keys"))
                .run(check).getFirst();
        assertThat(fromHistory.summary()).contains("rotation started 2025-06-12T14:57:00Z (3m ago), in progress (usually under 5 minutes)")
                .contains("next due 2025-06-12T19:29:00Z (in 4h29m), the previous rotation was 4h32m before this one");

        Signal unknown = region().log(LogTail.Component.KEY_ROTATOR, "litellm", "litellm-key-rotator-5b7c-x2",
                        line(Duration.ofMinutes(12), "rotating LiteLLM virtual keys"))
                .run(check).getFirst();
        assertThat(unknown.summary()).contains("not finished after 12m (usually under 5 minutes)")
                .contains("next due between 2025-06-12T18:48:00Z and 2025-06-12T19:48:00Z (the runbook: every 4-5 hours)");
    }
}
