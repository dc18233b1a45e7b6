package io.pitcrew.check;

import io.pitcrew.observe.LogLine;
import io.pitcrew.observe.LogTail;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.pitcrew.check.SnapshotFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

class ProvisionerLogsCheckTest {

    private final ProvisionerLogsCheck check = new ProvisionerLogsCheck();

    @Test
    void enoughRecentQueueingLinesAcrossProvisionerPodsRaiseQueueing() {
        List<Signal> signals = region()
                .log(LogTail.Component.PROVISIONER, "coder", "coder-provisioner-default-7c9-a",
                        line(Duration.ofMinutes(9), "2025-06-12 14:51:00.000 [warn] provisionerd: job queued, waiting for a free daemon"),
                        line(Duration.ofMinutes(8), "2025-06-12 14:52:00.000 [info] provisionerd: acquired job"))
                .log(LogTail.Component.PROVISIONER, "coder", "coder-provisioner-default-7c9-b",
                        line(Duration.ofMinutes(7), "terraform apply: Timeout waiting for state lock"),
                        line(Duration.ofMinutes(2), "QUEUE depth 14"))
                .run(check);

        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("provisioner-queueing");
            assertThat(s.region()).isEqualTo("us-east-2");
            assertThat(s.affected()).isEqualTo(3);
            assertThat(s.evidence()).extracting(Evidence::detail).containsExactly(
                    "2025-06-12T14:51:00Z 2025-06-12 14:51:00.000 [warn] provisionerd: job queued, waiting for a free daemon",
                    "2025-06-12T14:53:00Z terraform apply: Timeout waiting for state lock",
                    "2025-06-12T14:58:00Z QUEUE depth 14");
        });
    }

    @Test
    void fewerLinesThanTheThresholdOldLinesAndUntimedLinesRaiseNothing() {
        List<Signal> signals = region().log(LogTail.Component.PROVISIONER, "coder", "coder-provisioner-default-7c9-a",
                        line(Duration.ofMinutes(3), "waiting for job"),
                        line(Duration.ofMinutes(2), "job queued"),
                        line(Duration.ofMinutes(30), "timeout acquiring job"),
                        new LogLine(null, "timeout acquiring job"),
                        line(Duration.ofMinutes(1), "acquired job"))
                .run(check);

        assertThat(signals).isEmpty();
    }
}
