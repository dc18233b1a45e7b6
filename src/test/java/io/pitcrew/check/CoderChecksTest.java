package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.pitcrew.config.Region;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.pitcrew.check.SnapshotFixture.CONTEXT;
import static io.pitcrew.check.SnapshotFixture.agoText;
import static io.pitcrew.check.SnapshotFixture.region;
import static org.assertj.core.api.Assertions.assertThat;

/** Runbook §2: Coder image digests across regions, and the coder load balancers. */
class CoderChecksTest {

    private static final Region WEST = new Region("us-west-2", "us-west-2", Region.Role.PROXY, "oregon-proxy.ai.coder.com");
    private static final String GOOD = "sha256:" + "a".repeat(64);
    private static final String OLD = "sha256:" + "b".repeat(64);

    private static Pod coder(String name, String digest) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("coder")
                .addToLabels("app.kubernetes.io/name", "coder").endMetadata()
                .withNewSpec().addNewContainer().withName("coder").withImage("123.dkr.ecr.us-east-2.amazonaws.com/coder-preview:latest").endContainer().endSpec()
                .withNewStatus().withPhase("Running").addNewContainerStatus().withName("coder")
                .withImageID("123.dkr.ecr.us-east-2.amazonaws.com/coder-preview@" + digest).endContainerStatus().endStatus().build();
    }

    private static Service loadBalancer(String hostname, String created) {
        var b = new ServiceBuilder().withNewMetadata().withName("coder").withNamespace("coder").withCreationTimestamp(created).endMetadata()
                .withNewSpec().withType("LoadBalancer").endSpec();
        if (hostname != null) b.withNewStatus().withNewLoadBalancer().addNewIngress().withHostname(hostname).endIngress().endLoadBalancer().endStatus();
        return b.build();
    }

    @Test
    void aProxyOnAnotherDigestThanTheControlPlaneIsAMismatch() {
        var control = region().pods(List.of(coder("coder-1", GOOD), coder("coder-2", GOOD))).build();
        var west = region().in(WEST).pods(List.of(coder("coder-3", OLD), coder("coder-4", GOOD))).build();
        var signals = new CoderImagesCheck().check(List.of(control, west), CONTEXT);
        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("coder-image-mismatch");
            assertThat(s.region()).isEqualTo("us-west-2");
            assertThat(s.affected()).isEqualTo(1);
            assertThat(s.evidence().getFirst().name()).isEqualTo("coder-3");
            assertThat(s.evidence().getFirst().detail()).contains(OLD).contains("us-east-2 runs " + GOOD);
        });
    }

    @Test
    void identicalDigestsEverywhereRaiseNothing() {
        var control = region().pods(List.of(coder("coder-1", GOOD))).build();
        var west = region().in(WEST).pods(List.of(coder("coder-3", GOOD))).build();
        assertThat(new CoderImagesCheck().check(List.of(control, west), CONTEXT)).isEmpty();
        assertThat(new CoderImagesCheck().check(List.of(), CONTEXT)).isEmpty();
    }

    @Test
    void aLoadBalancerWithoutAddressIsPendingOnceItIsNotNew() {
        var signals = region().services(loadBalancer(null, agoText(Duration.ofMinutes(20)))).run(new CoderLoadBalancerCheck());
        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("load-balancer-pending");
            assertThat(s.evidence().getFirst().detail()).contains("<pending>").contains("20m");
        });
        assertThat(region().services(loadBalancer(null, agoText(Duration.ofSeconds(30)))).run(new CoderLoadBalancerCheck())).isEmpty();
        assertThat(region().services(loadBalancer("a1b2.elb.us-east-2.amazonaws.com", agoText(Duration.ofDays(30))))
                .run(new CoderLoadBalancerCheck())).isEmpty();
    }
}
