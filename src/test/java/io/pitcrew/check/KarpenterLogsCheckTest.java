package io.pitcrew.check;

import io.pitcrew.observe.LogLine;
import io.pitcrew.observe.LogTail;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.pitcrew.check.SnapshotFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

class KarpenterLogsCheckTest {

    private static final String JSON_ERROR = "{\"level\":\"ERROR\",\"time\":\"2025-06-12T14:55:00.000Z\",\"logger\":"
            + "\"controller\",\"message\":\"failed launching nodeclaim\",\"controller\":\"nodeclaim.lifecycle\","
            + "\"NodeClaim\":{\"name\":\"workspaces-abc12\"},\"error\":\"insufficient capacity, all requested instance "
            + "types were unavailable during launch\"}";

    private final KarpenterLogsCheck check = new KarpenterLogsCheck();

    @Test
    void recentJsonAndPlainErrorLinesAreReported() {
        List<Signal> signals = region().log(LogTail.Component.KARPENTER, "karpenter", "karpenter-6d8f9-abcde",
                        line(Duration.ofMinutes(5), JSON_ERROR),
                        line(Duration.ofMinutes(4), "2025-06-12T14:56:00Z ERROR controller.provisioner could not schedule pod"),
                        line(Duration.ofMinutes(3), "time=2025-06-12T14:57:00Z level=error msg=\"all available instance "
                                + "types exceed limits for nodepool (NodePool=workspaces)\""))
                .run(check);

        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("karpenter-errors");
            assertThat(s.region()).isEqualTo("us-east-2");
            assertThat(s.affected()).isEqualTo(3);
            Evidence e = s.evidence().getFirst();
            assertThat(e.ref()).isEqualTo("Log karpenter/karpenter-6d8f9-abcde");
            assertThat(e.detail()).isEqualTo("2025-06-12T14:55:00Z " + JSON_ERROR);
        });
    }

    @Test
    void oldErrorsInfoLinesWithErrorFieldsAndUntimedLinesRaiseNothing() {
        List<Signal> signals = region().log(LogTail.Component.KARPENTER, "karpenter", "karpenter-6d8f9-abcde",
                        line(Duration.ofMinutes(40), JSON_ERROR),
                        line(Duration.ofMinutes(1), "{\"level\":\"INFO\",\"message\":\"deleted nodeclaim\",\"error\":\"ERROR none\"}"),
                        line(Duration.ofMinutes(1), "{\"level\":\"DEBUG\",\"message\":\"discovered instance types\"}"),
                        new LogLine(null, JSON_ERROR))
                // A key-rotator error is not a Karpenter error.
                .log(LogTail.Component.KEY_ROTATOR, "litellm", "litellm-key-rotator-1", line(Duration.ofMinutes(1), JSON_ERROR))
                .run(check);

        assertThat(signals).isEmpty();
    }
}
