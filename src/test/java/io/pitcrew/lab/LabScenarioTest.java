package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each scenario's overlay is visible through an ordinary client, and reset takes it away again. */
class LabScenarioTest {

    @RegisterExtension
    static final LabExtension shared = LabExtension.healthy(24).resetAfterEach();

    private static List<Pod> workspaces(KubernetesClient c) {
        return c.pods().inNamespace("coder-workspaces").withLabel("app.kubernetes.io/name", "coder-workspace").list().getItems();
    }

    @Test
    void storageExhaustionEvictsWorkspacesInOregonAndResetBringsThemBack(Lab lab) {
        lab.inject("storage-exhaustion");
        try (KubernetesClient c = LabKit.client(lab, "us-west-2")) {
            List<Pod> evicted = workspaces(c).stream().filter(p -> "Evicted".equals(p.getStatus().getReason())).toList();
            assertThat(evicted).hasSize(3).allSatisfy(p -> {
                assertThat(p.getStatus().getPhase()).isEqualTo("Failed");
                assertThat(p.getStatus().getMessage()).startsWith("The node was low on resource: ephemeral-storage.")
                        .contains("Container dev was using");
                assertThat(p.getSpec().getVolumes().getFirst().getEmptyDir().getSizeLimit()).isNull();
            });
            Node node = c.nodes().withName(evicted.getFirst().getSpec().getNodeName()).get();
            assertThat(node.getStatus().getConditions()).anySatisfy(cond -> {
                assertThat(cond.getType()).isEqualTo("DiskPressure");
                assertThat(cond.getStatus()).isEqualTo("True");
                assertThat(cond.getReason()).isEqualTo("KubeletHasDiskPressure");
            });
        }
        lab.reset();
        try (KubernetesClient c = LabKit.client(lab, "us-west-2")) {
            assertThat(workspaces(c)).hasSize(24).allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running"));
        }
    }

    @Test
    void keyRotationRestartsWorkspacesInEveryRegionMinutesAfterTheRotatorLogsIt(Lab lab) {
        lab.inject("key-rotation");
        Instant now = Instant.now();
        int restarted = 0;
        for (String region : List.of("us-east-2", "us-west-2", "eu-west-2")) {
            try (KubernetesClient c = LabKit.client(lab, region)) {
                for (Pod p : workspaces(c)) {
                    var lastState = p.getStatus().getContainerStatuses().getFirst().getLastState();
                    var last = lastState == null ? null : lastState.getTerminated();
                    if (last != null && Instant.parse(last.getFinishedAt()).isAfter(now.minus(Duration.ofMinutes(4)))) {
                        assertThat(last.getExitCode()).isEqualTo(143);
                        restarted++;
                    }
                }
            }
        }
        assertThat(restarted).isGreaterThanOrEqualTo(6);
        try (KubernetesClient c = LabKit.client(lab, "us-east-2")) {
            Pod rotator = c.pods().inNamespace("litellm").withLabel("app", "litellm-key-rotator").list().getItems().getFirst();
            String log = c.pods().inNamespace("litellm").withName(rotator.getMetadata().getName()).usingTimestamps().tailingLines(5).getLog();
            assertThat(log).contains("rotated 42 virtual keys; restarting workspaces");
            String line = log.lines().filter(l -> l.contains("rotated 42")).findFirst().orElseThrow();
            Instant at = Instant.parse(line.substring(0, line.indexOf(' ')));
            assertThat(Duration.between(at, now)).isBetween(Duration.ofMinutes(2), Duration.ofMinutes(4));
        }
    }

    @Test
    void nodePressureOomKillsWorkspacesOnTwoNodes(Lab lab) {
        lab.inject("node-pressure");
        try (KubernetesClient c = LabKit.client(lab, "eu-west-2")) {
            List<Node> pressed = c.nodes().list().getItems().stream().filter(n -> n.getStatus().getConditions().stream()
                    .anyMatch(cond -> cond.getType().equals("MemoryPressure") && cond.getStatus().equals("True"))).toList();
            assertThat(pressed).hasSize(2);
            var metrics = c.top().nodes().metrics().getItems().stream()
                    .filter(m -> m.getMetadata().getName().equals(pressed.getFirst().getMetadata().getName())).findFirst().orElseThrow();
            long usedKi = Long.parseLong(metrics.getUsage().get("memory").getAmount());
            assertThat(usedKi * 100 / Fleet.MEMORY_ALLOCATABLE_KI).isGreaterThanOrEqualTo(95);
            List<Pod> oom = workspaces(c).stream().filter(p -> p.getStatus().getContainerStatuses().getFirst().getRestartCount() >= 4).toList();
            assertThat(oom).isNotEmpty().allSatisfy(p -> {
                var s = p.getStatus().getContainerStatuses().getFirst();
                assertThat(s.getLastState().getTerminated().getReason()).isEqualTo("OOMKilled");
                assertThat(s.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
            });
        }
    }

    @Test
    void nodeCapacityPutsTheNodePoolAtItsLimitAndLeavesWorkspacesPending(Lab lab) {
        lab.inject("node-capacity");
        try (KubernetesClient c = LabKit.client(lab, "us-east-2")) {
            var pool = c.genericKubernetesResources(LabKit.NODEPOOLS).withName("default").get();
            Map<String, Object> limits = pool.get("spec", "limits");
            Map<String, Object> used = pool.get("status", "resources");
            assertThat(limits.get("cpu")).isEqualTo(used.get("cpu"));
            List<Pod> pending = c.pods().inAnyNamespace().withField("status.phase", "Pending").list().getItems();
            assertThat(pending).hasSize(6).allSatisfy(p -> assertThat(p.getStatus().getConditions().getFirst().getReason())
                    .isEqualTo("Unschedulable"));
            assertThat(workspaces(c)).allSatisfy(p -> {
                var statuses = p.getStatus().getContainerStatuses();
                if (statuses != null && !statuses.isEmpty()) assertThat(statuses.getFirst().getRestartCount()).isLessThanOrEqualTo(1);
            });
            assertThat(c.v1().events().inAnyNamespace().withField("reason", "FailedScheduling").list().getItems())
                    .hasSizeGreaterThanOrEqualTo(6);
        }
    }

    @Test
    void tooManyWorkspacesRunsEightyInOregonAndRunsItHot(Lab lab) {
        lab.inject("too-many-workspaces");
        try (KubernetesClient c = LabKit.client(lab, "us-west-2")) {
            assertThat(workspaces(c)).hasSizeGreaterThanOrEqualTo(80)
                    .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running"));
            long used = c.top().nodes().metrics().getItems().stream()
                    .mapToLong(m -> m.getUsage().get("cpu").getNumericalAmount().movePointRight(3).longValue()).sum();
            long allocatable = c.nodes().list().getItems().size() * Fleet.CPU_ALLOCATABLE_MILLIS;
            assertThat(used * 100 / allocatable).isGreaterThanOrEqualTo(85);
        }
    }

    @Test
    void provisionerShortageQueuesJobsForTwentyUsers(Lab lab) {
        lab.inject("provisioner-shortage");
        try (KubernetesClient c = LabKit.client(lab, "us-east-2")) {
            long users = workspaces(c).stream().map(p -> p.getMetadata().getLabels().get("com.coder.user.username")).distinct().count();
            assertThat(users).isGreaterThanOrEqualTo(16);
            // the busiest provisioner's log (lists come in name order, not the order the scenario wrote the logs in)
            Instant tenMinutesAgo = Instant.now().minus(Duration.ofMinutes(10));
            long queueing = c.pods().inNamespace("coder").withLabel("coder.com/provisioner-pool", "default").list().getItems().stream()
                    .mapToLong(provisioner -> c.pods().inNamespace("coder").withName(provisioner.getMetadata().getName())
                            .usingTimestamps().tailingLines(100).getLog().lines()
                            .filter(l -> Instant.parse(l.substring(0, l.indexOf(' '))).isAfter(tenMinutesAgo))
                            .filter(l -> l.matches("(?i).*(queue|wait|timeout).*")).count())
                    .max().orElse(0);
            assertThat(queueing).isGreaterThanOrEqualTo(5);
            assertThat(c.apps().deployments().inNamespace("coder").withName("coder-provisioner-default").get().getStatus().getReadyReplicas()).isEqualTo(6);
        }
    }

    @Test
    void karpenterStuckFailsToLaunchNodeClaims(Lab lab) {
        lab.inject("karpenter-stuck");
        try (KubernetesClient c = LabKit.client(lab, "eu-west-2")) {
            var claims = c.genericKubernetesResources(LabKit.NODECLAIMS).list().getItems();
            assertThat(claims).anySatisfy(claim -> {
                List<Map<String, Object>> conditions = claim.get("status", "conditions");
                assertThat(conditions).anySatisfy(cond -> assertThat(cond).containsEntry("type", "Launched")
                        .containsEntry("status", "False").containsEntry("reason", "LaunchFailed"));
            });
            assertThat(c.pods().inAnyNamespace().withField("status.phase", "Pending").list().getItems()).hasSize(5);
            Pod karpenter = c.pods().inNamespace("karpenter").list().getItems().getFirst();
            assertThat(c.pods().inNamespace("karpenter").withName(karpenter.getMetadata().getName()).tailingLines(3).getLog())
                    .contains("\"level\":\"ERROR\"").contains("failed launching nodeclaim");
        }
    }

    @Test
    void karpenterWithoutCapacityLeavesNoClaimOnlyItsEvents(Lab lab) {
        lab.inject("karpenter-no-capacity");
        try (KubernetesClient c = LabKit.client(lab, "us-west-2")) {
            var claims = c.genericKubernetesResources(LabKit.NODECLAIMS).list().getItems();
            assertThat(claims).allSatisfy(claim -> {
                List<Map<String, Object>> conditions = claim.get("status", "conditions");
                assertThat(conditions).anySatisfy(cond -> assertThat(cond).containsEntry("type", "Launched").containsEntry("status", "True"));
            });
            var failed = c.v1().events().inAnyNamespace().list().getItems().stream()
                    .filter(e -> "InsufficientCapacityError".equals(e.getReason())).toList();
            assertThat(failed).hasSize(4).allSatisfy(e -> {
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getInvolvedObject().getKind()).isEqualTo("NodeClaim");
                assertThat(claims).noneMatch(claim -> claim.getMetadata().getName().equals(e.getInvolvedObject().getName()));
            });
            assertThat(c.pods().inAnyNamespace().withField("status.phase", "Pending").list().getItems()).hasSize(5);
        }
    }

    @Test
    void regionDownRefusesConnectionsUntilReset(Lab lab) {
        lab.inject("region-down");
        try (KubernetesClient c = LabKit.client(lab, "eu-west-2")) {
            assertThatThrownBy(() -> c.nodes().list()).isInstanceOf(KubernetesClientException.class);
        }
        try (KubernetesClient c = LabKit.client(lab, "us-west-2")) {
            assertThat(c.nodes().list().getItems()).isNotEmpty();
        }
        lab.reset();
        try (KubernetesClient c = LabKit.client(lab, "eu-west-2")) {
            assertThat(c.nodes().list().getItems()).hasSize(9);
        }
    }

    @Test
    void unknownScenarioNamesTheValidOnes(Lab lab) {
        assertThatThrownBy(() -> lab.inject("meteor-strike")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("karpenter-stuck").hasMessageContaining("region-down");
    }
}
