package io.pitcrew.check;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.pitcrew.check.SnapshotFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

class KarpenterNodePoolsCheckTest {

    private final KarpenterNodePoolsCheck check = new KarpenterNodePoolsCheck();

    private static final List<Map<String, Object>> READY = List.of(
            condition("Ready", "True", "Ready", "", ago(Duration.ofDays(3))));

    @Test
    void nodePoolWhoseResourcesReachedItsLimitsIsAtLimit() {
        List<Signal> signals = region().nodePools(
                nodePool("workspaces", Map.of("cpu", "320", "memory", "1280Gi"),
                        Map.of("cpu", "320", "memory", "1200Gi", "pods", "410"), READY),
                // Limits as a bare JSON number; memory over limit is also "reached".
                nodePool("system", Map.of("cpu", 64, "memory", "256Gi"), Map.of("cpu", "12", "memory", "300Gi"), READY),
                nodePool("roomy", Map.of("cpu", "1000"), Map.of("cpu", "40", "memory", "160Gi"), READY))
                .run(check);

        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("nodepool-at-limit");
            assertThat(s.region()).isEqualTo("us-east-2");
            assertThat(s.affected()).isEqualTo(2);
            assertThat(s.evidence()).extracting(Evidence::ref, Evidence::detail).containsExactly(
                    Tuple.tuple("NodePool workspaces", "cpu 320 of limit 320"),
                    Tuple.tuple("NodePool system", "memory 300Gi of limit 256Gi"));
        });
    }

    @Test
    void nodePoolNotReadyIsReportedWithReasonAndMessage() {
        Signal s = region().nodePools(nodePool("workspaces", Map.of("cpu", "320"), Map.of("cpu", "0"),
                        List.of(condition("Ready", "False", "NodeClassNotFound", "EC2NodeClass \"default\" not found",
                                ago(Duration.ofMinutes(20))))))
                .run(check).getFirst();

        assertThat(s.id()).isEqualTo("nodepool-not-ready");
        assertThat(s.affected()).isEqualTo(1);
        assertThat(s.evidence().getFirst().detail())
                .isEqualTo("Ready=False NodeClassNotFound: EC2NodeClass \"default\" not found");
    }

    @Test
    void readyNodePoolWhoseNodesFailToRegisterIsReported() {
        // Karpenter's liveness controller sets NodeRegistrationHealthy=False when a claim times out; Ready stays True
        Signal s = region().nodePools(nodePool("workspaces", Map.of("cpu", "320"), Map.of("cpu", "32"), List.of(
                        condition("Ready", "True", "Ready", "", ago(Duration.ofDays(3))),
                        condition("NodeRegistrationHealthy", "False", "RegistrationFailed", "Failed to register node",
                                ago(Duration.ofMinutes(4))))))
                .run(check).getFirst();

        assertThat(s.id()).isEqualTo("nodepool-not-ready");
        assertThat(s.summary()).isEqualTo("1 NodePool not Ready or failing to launch or register nodes");
        assertThat(s.evidence()).singleElement().satisfies(e -> assertThat(e.detail())
                .isEqualTo("NodeRegistrationHealthy=False RegistrationFailed: Failed to register node"));
    }

    @Test
    void healthyPoolsPoolsWithoutLimitsAndRegionsWithoutKarpenterRaiseNothing() {
        assertThat(region().nodePools(
                nodePool("workspaces", Map.of("cpu", "320", "memory", "1280Gi"), Map.of("cpu", "319", "memory", "1Ti"), READY),
                nodePool("unbounded", null, Map.of("cpu", "900"), READY),
                nodePool("new", Map.of("cpu", "100"), null,
                        List.of(condition("Ready", "Unknown", "AwaitingReconciliation", "", ago(Duration.ofSeconds(10))))))
                .run(check)).isEmpty();
        assertThat(region().in(PROXY).run(check)).isEmpty();
    }
}
