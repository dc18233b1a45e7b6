package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.pitcrew.check.SnapshotFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

class WorkspaceCountCheckTest {

    private final WorkspaceCountCheck check = new WorkspaceCountCheck();

    private static List<Pod> workspaces(int n, String phase) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < n; i++) pods.add(workspace("coder-" + phase + "-" + i, "user" + i).editStatus().withPhase(phase).endStatus().build());
        return pods;
    }

    @Test
    void moreRunningWorkspacesThanTheRegionMaximum() {
        // 51 workspaces x 2 cpu / 4Gi on 20 nodes of 16 cpu / 64Gi: 31% cpu, so only the count is high.
        SnapshotFixture f = region().pods(workspaces(51, "Running"));
        for (int i = 0; i < 20; i++) f.nodes(node("n" + i, "16", "64Gi"));

        assertThat(f.run(check)).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("workspace-count-high");
            assertThat(s.region()).isEqualTo("us-east-2");
            assertThat(s.affected()).isEqualTo(51);
            assertThat(s.evidence().getFirst().detail()).isEqualTo("51 running workspace pods (max 50); requests "
                    + "cpu 31% (102000m of 320000m), memory 15% (204.0Gi of 1280.0Gi) of allocatable");
        });
    }

    @Test
    void workspaceRequestsAboveClusterPercentOfAllocatable() {
        // 8 workspaces x 2 cpu = 16 cpu of 2 x 10 cpu = 80%.
        List<Signal> signals = region().pods(workspaces(6, "Running")).pods(workspaces(2, "Pending"))
                .pods(workspaces(5, "Succeeded"))
                .nodes(node("a", "10", "128Gi"), node("b", "10", "128Gi"))
                .run(check);

        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("workspace-requests-high");
            assertThat(s.affected()).isEqualTo(8);
            assertThat(s.evidence().getFirst().detail())
                    .isEqualTo("8 workspace pods requests cpu 80% (16000m of 20000m), memory 12% (32.0Gi of 256.0Gi) of allocatable");
        });
    }

    @Test
    void fewWorkspacesAndOtherPodsRaiseNothing() {
        List<Pod> others = new ArrayList<>();
        for (int i = 0; i < 80; i++) others.add(pod("coder", "coder-provisioner-default-" + i, "Running").build());

        List<Signal> signals = region().pods(workspaces(50, "Running")).pods(others).pods(workspaces(30, "Failed"))
                .nodes(node("a", "200", "1024Gi"))
                .run(check);

        assertThat(signals).isEmpty();
    }
}
