package io.pitcrew.doctor;

import io.pitcrew.config.Region;
import io.pitcrew.observe.RegionSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a region could not read is listed in one order, whatever order the parallel reads failed in: a sweep's report
 * and serve's of the same region say it alike. Misplaced components come after.
 */
class RegionStatusTest {

    @Test
    void gapsAreSortedWhateverOrderTheReadsFailedIn() {
        Region region = new Region("us-east-2", "us-east-2", Region.Role.CONTROL_PLANE, "ai.coder.com");
        List<String> failed = List.of("metrics.k8s.io pods in coder: HTTP 503", "metrics.k8s.io nodes: HTTP 503", "Karpenter NodePools: HTTP 404");
        RegionSnapshot snapshot = RegionSnapshot.of(region, Instant.EPOCH).gaps(failed).build();
        assertThat(RegionStatus.of(snapshot, 0, List.of("coderd runs in another namespace")).gaps()).containsExactly(
                "Karpenter NodePools: HTTP 404", "metrics.k8s.io nodes: HTTP 503", "metrics.k8s.io pods in coder: HTTP 503",
                "coderd runs in another namespace");
    }
}
