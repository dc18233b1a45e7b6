package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Pod;
import io.pitcrew.observe.RegionSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.pitcrew.check.SnapshotFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class ChecksTest {

    @Test
    void everyCheckIsRegisteredOnceUnderItsDocumentedName() {
        assertThat(Checks.ALL).extracting(Check::name).doesNotHaveDuplicates().containsExactlyInAnyOrder(
                "evicted-pods", "node-conditions", "node-usage", "workspace-restarts", "workspace-count",
                "pending-pods", "karpenter-nodepools", "karpenter-nodeclaims", "karpenter-logs", "key-rotation", "key-rotation-pause",
                "provisioner-logs", "provisioner-replicas", "image-pull-errors", "pull-secrets", "coder-load-balancer", "provisioner-failures",
                "litellm-pods", "litellm-logs", "litellm-credentials", "litellm-capacity", "coder-pods", "provisioner-pods",
                "key-rotator-pods", "karpenter-controller", "load-balancer-controller", "coredns", "metrics-server",
                "workshop-rotation", "workshop-expiry", "workshop-aftermath");
        assertThat(Checks.PLATFORM).extracting(PlatformCheck::name).containsExactly("coder-image-digests", "dns-routing", "mirror-sync", "health-endpoints", "workspace-proxies",
                "provisioner-daemons", "provisioner-queue", "workspace-builds", "litellm-endpoint", "litellm-sizing");
        assertThat(Checks.ALL).extracting(c -> c.getClass()).doesNotHaveDuplicates();
    }

    @Test
    void anEmptyProxyRegionRaisesOnlyThatNothingRunsCoderOrCoreDnsThere() {
        RegionSnapshot empty = region().in(PROXY).build();

        for (Check c : Checks.ALL) {
            List<Signal> signals = c.check(empty, CONTEXT);
            if (c instanceof CoderPodsCheck) assertThat(signals).extracting(Signal::id).containsExactly("workspace-proxy-down");
            else if (c instanceof CoreDnsCheck) assertThat(signals).extracting(Signal::id).containsExactly("coredns-down");
            else assertThat(signals).as(c.name()).isEmpty();
        }
    }

    @Test
    void tenThousandHealthyPodsAreCheckedQuicklyAndRaiseNothing() {
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            pods.add(workspace("coder-" + i, "user" + (i % 40)).editSpec().editFirstContainer().editResources()
                    .removeFromRequests("cpu").removeFromRequests("memory").endResources().endContainer().endSpec().build());
        }
        SnapshotFixture f = region().pods(pods);
        for (int i = 0; i < 100; i++) f.nodes(node("n" + i, "64", "256Gi")).metrics(usage("n" + i, "8", "32Gi"));
        // 10,000 workspaces exceed maxWorkspacesPerRegion; nothing else should fire.
        RegionSnapshot big = f.build();

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (Check c : Checks.ALL) {
                List<Signal> signals = c.check(big, CONTEXT);
                if (c instanceof WorkspaceCountCheck) {
                    assertThat(signals).extracting(Signal::id).containsExactly("workspace-count-high");
                } else if (c instanceof ProvisionerReplicasCheck) {
                    assertThat(signals).isEmpty(); // no provisioner deployments in this snapshot
                } else if (c instanceof CoderPodsCheck || c instanceof CoreDnsCheck) {
                    assertThat(signals).hasSize(1); // nor coder's or CoreDNS's: nothing runs them
                } else {
                    assertThat(signals).as(c.name()).isEmpty();
                }
            }
        });
    }
}
