package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.pitcrew.check.SnapshotFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

class PendingPodsCheckTest {

    private static final String NO_ROOM = "0/12 nodes are available: 12 Insufficient cpu. preemption: 0/12 nodes are "
            + "available: 12 No preemption victims found for incoming pod.";

    private final PendingPodsCheck check = new PendingPodsCheck();

    private static Pod unschedulableFor(String name, Duration d) {
        return workspace(name, "alice").editStatus().withPhase("Pending").addNewCondition().withType("PodScheduled")
                .withStatus("False").withReason("Unschedulable").withMessage(NO_ROOM)
                .withLastTransitionTime(agoText(d)).endCondition().endStatus().build();
    }

    @Test
    void podsPendingPastGraceAreUnschedulable() {
        List<Signal> signals = region().pods(unschedulableFor("coder-a-0", Duration.ofMinutes(3)),
                unschedulableFor("coder-b-0", Duration.ofMinutes(4))).run(check);

        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("pods-unschedulable");
            assertThat(s.region()).isEqualTo("us-east-2");
            assertThat(s.affected()).isEqualTo(2);
            assertThat(s.evidence().getFirst().ref()).isEqualTo("Pod coder-workspaces/coder-a-0");
            assertThat(s.evidence().getFirst().detail()).isEqualTo("pending 3m: " + NO_ROOM);
        });
    }

    @Test
    void podsPendingPastTheKarpenterTimeoutAreAlsoLong() {
        List<Signal> signals = region().pods(unschedulableFor("coder-a-0", Duration.ofMinutes(3)),
                unschedulableFor("coder-b-0", Duration.ofMinutes(12))).run(check);

        assertThat(signals).extracting(Signal::id).containsExactly("pods-unschedulable", "pods-unschedulable-long");
        Signal longSignal = signals.get(1);
        assertThat(longSignal.affected()).isEqualTo(1);
        assertThat(longSignal.evidence()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("coder-b-0");
            assertThat(e.detail()).startsWith("pending 12m: 0/12 nodes");
        });
    }

    @Test
    void briefWaitsScheduledPodsAndPodsWithoutTimesRaiseNothing() {
        Pod waitedThenRan = workspace("coder-c-0", "carol").editStatus().addNewCondition().withType("PodScheduled")
                .withStatus("True").withLastTransitionTime(agoText(Duration.ofMinutes(1))).endCondition().endStatus().build();
        Pod noTime = unschedulableFor("coder-d-0", Duration.ZERO).toBuilder().editStatus().editFirstCondition()
                .withLastTransitionTime(null).endCondition().endStatus().build();

        List<Signal> signals = region().pods(unschedulableFor("coder-b-0", Duration.ofSeconds(90)), waitedThenRan, noTime)
                .run(check);

        assertThat(signals).isEmpty();
    }
}
