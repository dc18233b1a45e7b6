package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Pod;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.pitcrew.check.SnapshotFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

class ProvisionerReplicasCheckTest {

    private final ProvisionerReplicasCheck check = new ProvisionerReplicasCheck();

    private static List<Pod> workspacesOf(int owners) {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < owners; i++) {
            pods.add(workspace("coder-" + i + "-a", "user" + i).build());
            pods.add(workspace("coder-" + i + "-b", "user" + i).build()); // a second workspace of the same owner
        }
        return pods;
    }

    @Test
    void deploymentsWithFewerReadyReplicasThanBaselineAreBelowBaseline() {
        List<Signal> signals = region().deployments(
                deployment("coder", "coder-provisioner-default", 6, 5),
                deployment("coder", "coder-provisioner-experimental", 2, 0),
                deployment("coder", "coder-provisioner-demo", 2, 2))
                .run(check);

        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("provisioners-below-baseline");
            assertThat(s.region()).isEqualTo("us-east-2");
            assertThat(s.affected()).isEqualTo(2);
            assertThat(s.evidence()).extracting(Evidence::ref, Evidence::detail).containsExactly(
                    Tuple.tuple("Deployment coder/coder-provisioner-default", "ready 5 of baseline 6"),
                    Tuple.tuple("Deployment coder/coder-provisioner-experimental", "ready 0 of baseline 2"));
        });
    }

    @Test
    void moreThanFifteenOwnersWithFewerThanEightDefaultProvisionersIsUndersized() {
        List<Signal> signals = region().pods(workspacesOf(16))
                .deployments(deployment("coder", "coder-provisioner-default", 6, 6))
                .run(check);

        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("provisioners-undersized");
            assertThat(s.affected()).isEqualTo(16);
            assertThat(s.evidence()).singleElement().satisfies(e -> {
                assertThat(e.ref()).isEqualTo("Deployment coder/coder-provisioner-default");
                assertThat(e.detail()).isEqualTo("16 workspace owners, 6 replicas (more than 15 users needs at least 8)");
            });
        });
    }

    @Test
    void healthyProvisionersScaledUpProvisionersAndProxyRegionsRaiseNothing() {
        assertThat(region().pods(workspacesOf(15)).deployments(
                deployment("coder", "coder-provisioner-default", 6, 6),
                deployment("coder", "coder-provisioner-experimental", 2, 2),
                deployment("coder", "coder-provisioner-demo", 3, 2),
                // same name in another namespace is not ours
                deployment("staging", "coder-provisioner-demo", 1, 0)).run(check)).isEmpty();
        assertThat(region().pods(workspacesOf(30))
                .deployments(deployment("coder", "coder-provisioner-default", 10, 10)).run(check)).isEmpty();
        // Proxy region: workspaces, but no provisioner deployments at all.
        assertThat(region().in(PROXY).pods(workspacesOf(30)).run(check)).isEmpty();
    }
}
