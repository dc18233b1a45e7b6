package io.pitcrew.check;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.pitcrew.check.SnapshotFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

class NodeUsageCheckTest {

    private final NodeUsageCheck check = new NodeUsageCheck();

    @Test
    void nodeAtOrAboveCpuThresholdIsReportedWithPercentAndAmounts() {
        List<Signal> signals = region()
                .nodes(node("hot", "15800m", "64Gi"), node("cool", "16", "64Gi"), node("cooler", "16", "64Gi"))
                .metrics(usage("hot", "15168m", "20Gi"), usage("cool", "2", "8Gi"), usage("cooler", "1", "8Gi"))
                .run(check);

        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("node-usage-high");
            assertThat(s.region()).isEqualTo("us-east-2");
            assertThat(s.affected()).isEqualTo(1);
            assertThat(s.evidence()).singleElement().satisfies(e -> {
                assertThat(e.ref()).isEqualTo("Node hot");
                assertThat(e.detail()).isEqualTo("cpu 96% (15168m of 15800m)");
            });
        });
    }

    @Test
    void memoryInKibibytesIsComparedExactly() {
        // 29,360,128Ki = 28Gi of 30Gi allocatable = 93%.
        Signal s = region().nodes(node("n1", "8", "30Gi"), node("n2", "8", "30Gi"))
                .metrics(usage("n1", "3812m", "29360128Ki"), usage("n2", "100m", "1Gi"))
                .run(check).getFirst();

        assertThat(s.id()).isEqualTo("node-usage-high");
        assertThat(s.evidence().getFirst().detail()).isEqualTo("memory 93% (28.0Gi of 30.0Gi)");
    }

    @Test
    void regionTotalsAboveClusterThresholdRaiseClusterUsage() {
        List<Signal> signals = region().nodes(node("a", "10", "64Gi"), node("b", "10", "64Gi"))
                .metrics(usage("a", "8500m", "10Gi"), usage("b", "8", "10Gi"))
                .run(check);

        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("cluster-usage-high");
            assertThat(s.affected()).isEqualTo(2);
            assertThat(s.evidence().getFirst().detail())
                    .isEqualTo("cpu 82% (16500m of 20000m), memory 15% (20.0Gi of 128.0Gi) across 2 nodes");
        });
    }

    @Test
    void busyButBelowThresholdsAndUnmeasuredNodesRaiseNothing() {
        List<Signal> signals = region()
                .nodes(node("a", "8", "32Gi"), node("new", "8", "32Gi"))
                // 89.9% cpu stays below 90; "new" just joined and has no metrics; "gone" has no Node.
                .metrics(usage("a", "7199m", "20Gi"), usage("gone", "64", "512Gi"))
                .run(check);

        assertThat(signals).filteredOn(s -> s.id().equals("node-usage-high")).isEmpty();
        assertThat(region().nodes(node("a", "8", "32Gi")).run(check)).isEmpty();
    }
}
