package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.pitcrew.check.SnapshotFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

class EvictedPodsCheckTest {

    private static final String LOW_EPHEMERAL = "The node was low on resource: ephemeral-storage. Threshold quantity: "
            + "10120387530, available: 9614276Ki. Container dev was using 12058356Ki, request is 0, has larger "
            + "consumption of ephemeral-storage. ";

    private final EvictedPodsCheck check = new EvictedPodsCheck();

    private static Pod evicted(String name, String message) {
        return workspace(name, "alice").editSpec()
                .addNewVolume().withName("cache").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewVolume().withName("bounded").withNewEmptyDir().withSizeLimit(new Quantity("1Gi")).endEmptyDir().endVolume()
                .endSpec()
                .editStatus().withPhase("Failed").withReason("Evicted").withMessage(message).endStatus().build();
    }

    @Test
    void ephemeralStorageEvictionsAreAggregatedWithMessageAndUnboundedEmptyDirs() {
        List<Signal> signals = region().pods(
                evicted("coder-a-0", LOW_EPHEMERAL),
                evicted("coder-b-0", "Pod ephemeral local storage usage exceeds the total limit of containers 2Gi. "),
                evicted("coder-c-0", "Usage of EmptyDir volume \"cache\" exceeds the limit \"1Gi\". "))
                .run(check);

        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("ephemeral-storage-eviction");
            assertThat(s.region()).isEqualTo("us-east-2");
            assertThat(s.affected()).isEqualTo(3);
            assertThat(s.summary()).isEqualTo("3 pods evicted for ephemeral storage");
            assertThat(s.evidence()).hasSize(3);
            Evidence first = s.evidence().getFirst();
            assertThat(first.ref()).isEqualTo("Pod coder-workspaces/coder-a-0");
            assertThat(first.detail()).startsWith("Evicted: The node was low on resource: ephemeral-storage")
                    .endsWith("[emptyDir without sizeLimit: cache]");
        });
    }

    @Test
    void everyDiskWordingOfTheKubeletIsAnEphemeralStorageEviction() {
        // pkg/kubelet/eviction/helpers.go: a container's own limit, the node out of inodes (DiskPressure), and a pod
        // the eviction admit handler rejected on a node with DiskPressure
        List<Signal> signals = region().pods(
                evicted("coder-a-0", "Container dev exceeded its local ephemeral storage limit \"2Gi\". "),
                evicted("coder-b-0", "The node was low on resource: inodes. Threshold quantity: 5%, available: 1203. "),
                evicted("coder-c-0", "The node had condition: [DiskPressure]. "))
                .run(check);

        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("ephemeral-storage-eviction");
            assertThat(s.affected()).isEqualTo(3);
        });
    }

    @Test
    void memoryEvictionAndPreemptionAreResourceEvictions() {
        Pod memory = pod("litellm", "litellm-7d9-x", "Failed").editStatus().withReason("Evicted")
                .withMessage("The node was low on resource: memory. Threshold quantity: 100Mi, available: 81388Ki. ")
                .endStatus().build();
        Pod preempted = pod("coder", "batch-1", "Failed").editStatus().addNewCondition().withType("DisruptionTarget")
                .withStatus("True").withReason("PreemptionByScheduler")
                .withMessage("coder/coder-0: preempting to accommodate a higher priority pod").endCondition().endStatus().build();

        List<Signal> signals = region().pods(memory, preempted).run(check);

        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("resource-eviction");
            assertThat(s.affected()).isEqualTo(2);
            assertThat(s.evidence()).extracting(Evidence::detail).containsExactly(
                    "Evicted: The node was low on resource: memory. Threshold quantity: 100Mi, available: 81388Ki. ",
                    "Preempted: coder/coder-0: preempting to accommodate a higher priority pod");
        });
    }

    @Test
    void evidenceIsCappedButAffectedCountsEveryPod() {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 25; i++) pods.add(evicted("coder-" + i, LOW_EPHEMERAL));

        Signal s = region().pods(pods).run(check).getFirst();

        assertThat(s.affected()).isEqualTo(25);
        assertThat(s.evidence()).hasSize(10);
    }

    @Test
    void evictionsOlderThanTheRestartWindowAreHistory() {
        Pod recent = evicted("coder-new-0", LOW_EPHEMERAL).toBuilder().editStatus().addNewCondition()
                .withType("DisruptionTarget").withStatus("True").withReason("TerminationByKubelet")
                .withLastTransitionTime(agoText(Duration.ofMinutes(10))).endCondition().endStatus().build();
        Pod yesterday = evicted("coder-old-0", LOW_EPHEMERAL).toBuilder().editStatus().addNewCondition()
                .withType("DisruptionTarget").withStatus("True").withReason("TerminationByKubelet")
                .withLastTransitionTime(agoText(Duration.ofHours(20))).endCondition().endStatus().build();
        Pod oldByContainer = evicted("coder-old-1", LOW_EPHEMERAL).toBuilder().editStatus().addNewContainerStatus()
                .withName("dev").withNewState().withNewTerminated().withReason("ContainerStatusUnknown").withExitCode(137)
                .withFinishedAt(agoText(Duration.ofHours(2))).endTerminated().endState().endContainerStatus().endStatus().build();

        Signal s = region().pods(recent, yesterday, oldByContainer).run(check).getFirst();

        assertThat(s.affected()).isEqualTo(1);
        assertThat(s.evidence().getFirst().name()).isEqualTo("coder-new-0");
        assertThat(s.evidence().getFirst().detail()).contains("request is 0, has larger consumption of ephemeral-storage.  (10m ago)");
    }

    @Test
    void completedAndFailedJobsAndRunningPodsAreNotEvictions() {
        List<Signal> signals = region().pods(
                pod("coder", "migrate-xk2", "Succeeded").build(),
                pod("coder", "backup-failed", "Failed").editStatus().withReason("Error").withMessage("exit 1").endStatus().build(),
                workspace("coder-ok-0", "bob").build())
                .run(check);

        assertThat(signals).isEmpty();
    }
}
