package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.pitcrew.check.SnapshotFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

class WorkspaceRestartsCheckTest {

    private final WorkspaceRestartsCheck check = new WorkspaceRestartsCheck();

    private static Pod withRestarts(String name, int restarts, String reason, Duration ago) {
        return workspace(name, "alice").editStatus()
                .addToContainerStatuses(restarted(restarts, reason, SnapshotFixture.ago(ago))).endStatus().build();
    }

    @Test
    void recentOomKillIsReportedWithReasonAndTime() {
        List<Signal> signals = region().pods(withRestarts("coder-a-0", 1, "OOMKilled", Duration.ofMinutes(12)),
                withRestarts("coder-b-0", 0, null, Duration.ofDays(1)).toBuilder().editStatus()
                        .editFirstContainerStatus().withLastState(null).endContainerStatus().endStatus().build())
                .run(check);

        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("workspace-restarting");
            assertThat(s.region()).isEqualTo("us-east-2");
            assertThat(s.affected()).isEqualTo(1);
            assertThat(s.summary()).isEqualTo("1 workspace pod restarting");
            assertThat(s.evidence()).singleElement().satisfies(e -> {
                assertThat(e.ref()).isEqualTo("Pod coder-workspaces/coder-a-0");
                assertThat(e.detail()).isEqualTo("restarts 1, last OOMKilled (exit 137) at 2025-06-12T14:48:00Z (12m ago)");
            });
        });
    }

    @Test
    void recentBackOffEventOnAWorkspacePodIsARestart() {
        Pod pod = workspace("coder-c-0", "carol").build();
        Signal s = region().pods(pod)
                .events(podEvent(pod, "Warning", "BackOff", "Back-off restarting failed container dev in pod coder-c-0",
                        SnapshotFixture.ago(Duration.ofMinutes(3))))
                .run(check).getFirst();

        assertThat(s.id()).isEqualTo("workspace-restarting");
        assertThat(s.affected()).isEqualTo(1);
        assertThat(s.evidence().getFirst().detail())
                .isEqualTo("restarts 0; BackOff 3m ago: Back-off restarting failed container dev in pod coder-c-0");
    }

    @Test
    void manyRestartsWhileCrashLoopingCountEvenWhenTheLastTerminationIsOld() {
        Pod looping = withRestarts("coder-d-0", 7, "Error", Duration.ofMinutes(45)).toBuilder().editStatus()
                .editFirstContainerStatus().withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting()
                .endState().endContainerStatus().endStatus().build();

        Signal s = region().pods(looping).run(check).getFirst();

        assertThat(s.affected()).isEqualTo(1);
        assertThat(s.evidence().getFirst().detail()).contains("restarts 7", "last Error (exit 1)", "CrashLoopBackOff");
    }

    @Test
    void oldRestartsStoppedWorkspacesAndNonWorkspacePodsRaiseNothing() {
        Pod old = withRestarts("coder-e-0", 5, "OOMKilled", Duration.ofHours(3));
        Pod stopped = workspace("coder-f-0", "frank").build();
        Pod notWorkspace = pod("coder", "coder-7f9-abc", "Running").editStatus()
                .addToContainerStatuses(restarted(9, "Error", SnapshotFixture.ago(Duration.ofMinutes(1)))).endStatus().build();

        List<Signal> signals = region().pods(old, stopped, notWorkspace)
                .events(podEvent(stopped, "Normal", "Killing", "Stopping container dev", SnapshotFixture.ago(Duration.ofMinutes(2))),
                        podEvent(old, "Warning", "BackOff", "Back-off restarting failed container dev", SnapshotFixture.ago(Duration.ofHours(3))),
                        podEvent(old, "Warning", "BackOff", "Back-off restarting failed container dev", null))
                .run(check);

        assertThat(signals).isEmpty();
    }
}
