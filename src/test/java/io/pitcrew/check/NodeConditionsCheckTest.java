package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.pitcrew.check.SnapshotFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

class NodeConditionsCheckTest {

    private final NodeConditionsCheck check = new NodeConditionsCheck();

    private static Node with(String name, String type, String status, String reason, String message) {
        return new NodeBuilder(node(name, "16", "64Gi")).editStatus().addNewCondition().withType(type)
                .withStatus(status).withReason(reason).withMessage(message).endCondition().endStatus().build();
    }

    @Test
    void diskPressureIsReportedWithReasonAndMessage() {
        List<Signal> signals = region().nodes(
                with("ip-10-0-1-12", "DiskPressure", "True", "KubeletHasDiskPressure", "kubelet has disk pressure"),
                with("ip-10-0-1-13", "DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"))
                .run(check);

        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("node-disk-pressure");
            assertThat(s.region()).isEqualTo("us-east-2");
            assertThat(s.affected()).isEqualTo(1);
            assertThat(s.evidence()).singleElement().satisfies(e -> {
                assertThat(e.ref()).isEqualTo("Node ip-10-0-1-12");
                assertThat(e.detail()).isEqualTo("DiskPressure=True KubeletHasDiskPressure: kubelet has disk pressure");
            });
        });
    }

    @Test
    void memoryAndPidPressureCountEachNodeOnce() {
        Node both = new NodeBuilder(with("ip-10-0-2-1", "MemoryPressure", "True", "KubeletHasInsufficientMemory",
                "kubelet has insufficient memory available")).editStatus().addNewCondition().withType("PIDPressure")
                .withStatus("True").withReason("KubeletHasInsufficientPID").endCondition().endStatus().build();
        Node pid = with("ip-10-0-2-2", "PIDPressure", "True", "KubeletHasInsufficientPID", "");

        Signal s = region().nodes(both, pid).run(check).getFirst();

        assertThat(s.id()).isEqualTo("node-memory-pressure");
        assertThat(s.affected()).isEqualTo(2);
        assertThat(s.evidence().getFirst().detail()).isEqualTo(
                "MemoryPressure=True KubeletHasInsufficientMemory: kubelet has insufficient memory available; "
                        + "PIDPressure=True KubeletHasInsufficientPID");
    }

    @Test
    void healthyAndJustJoinedNodesRaiseNothing() {
        List<Signal> signals = region().nodes(
                node("ip-10-0-1-1", "16", "64Gi"),
                with("ip-10-0-1-2", "MemoryPressure", "Unknown", "NodeStatusNeverUpdated", "Kubelet never posted node status."))
                .run(check);

        assertThat(signals).isEmpty();
    }
}
