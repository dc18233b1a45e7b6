package io.pitcrew.observe;

import io.pitcrew.config.ContextOverrides;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.doctor.KubeconfigFixture;
import io.pitcrew.config.Names;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.config.Thresholds;
import io.pitcrew.observe.aws.EksAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regions reached three ways in one sweep: us-east-2 through the kubeconfig, us-west-2 as an EKS cluster, eu-west-2 as
 * pitcrew's own cluster. A region whose made context cannot be made (no AWS credentials, not in a pod) is unreachable
 * with why, and the others are read.
 */
class RegionAccessTest {

    @TempDir
    Path dir;
    private ScriptedApiServer api;

    private final Region east = new Region("us-east-2", "us-east-2", Region.Role.CONTROL_PLANE, "ai.coder.com");
    private final Region west = new Region("us-west-2", "us-west-2", Region.Role.PROXY, "oregon-proxy.ai.coder.com",
            new Region.Reach.Eks("coder-usw2", "us-west-2"));
    private final Region london = new Region("eu-west-2", "eu-west-2", Region.Role.PROXY, "emea-proxy.ai.coder.com",
            new Region.Reach.InCluster());

    @BeforeEach
    void start() throws Exception {
        api = new ScriptedApiServer();
        api.add("coder-workspaces", "ws-0001");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aKubeconfigIsNeededOnlyWhenSomeRegionIsReachedThroughOne() {
        assertThat(RegionAccess.needsKubeconfig(List.of(west, london))).isFalse();
        assertThat(RegionAccess.needsKubeconfig(List.of(east, west))).isTrue();
    }

    @Test
    void regionsThatCannotBeReachedTheirWayAreUnreachableWithWhyAndTheOthersAreRead() throws Exception {
        PitcrewConfig config = new PitcrewConfig(List.of(east, west, london), Names.defaults(),
                Thresholds.defaults().withRegionTimeout(Duration.ofSeconds(20)), Optional.empty());
        Kubeconfig kubeconfig = RegionAccess.reaching(Kubeconfig.read(KubeconfigFixture.write(dir, Map.of("us-east-2", api.url()))),
                config.regions(),
                () -> { throw new EksAccess.Unreachable("EKS cluster coder-usw2: no AWS credentials: tried environment (AWS_ACCESS_KEY_ID not set)"); },
                Map.of(), dir.resolve("no-service-account"));

        assertThat(kubeconfig.missingContexts(config.regions(), Optional.empty(), ContextOverrides.NONE)).isEmpty();
        Snapshot snapshot;
        try (Sweep sweep = new Sweep(config, kubeconfig, ListReading.LEAN)) {
            snapshot = sweep.run(config.regions(), o -> {});
        }

        assertThat(snapshot.regions().get(0)).isInstanceOfSatisfying(RegionSnapshot.class, s -> assertThat(s.pods()).hasSize(1));
        assertThat(snapshot.regions().get(1)).isInstanceOfSatisfying(RegionUnreachable.class, u -> {
            assertThat(u.reason()).isEqualTo("credentials");
            assertThat(u.detail()).startsWith("EKS cluster coder-usw2: no AWS credentials");
        });
        assertThat(snapshot.regions().get(2)).isInstanceOfSatisfying(RegionUnreachable.class, u -> {
            assertThat(u.reason()).isEqualTo("credentials");
            assertThat(u.detail()).contains("KUBERNETES_SERVICE_HOST is not set");
        });
    }
}
