package io.pitcrew.lab;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.observe.PagedList;
import io.pitcrew.observe.RegionSnapshot;
import io.pitcrew.observe.Snapshot;
import io.pitcrew.observe.Sweep;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A workshop-sized lab: 10,000 workspaces in each of the three regions, the most {@code --workspaces} allows, and
 * doctor's sweep of it, the size issue 14 measures. It takes about 10 s to seed on two cores; the time is printed,
 * never asserted.
 */
class LabScaleTest {

    private static final List<String> BIG_KINDS = List.of("/api/v1/pods", "/api/v1/nodes", "/api/v1/events");

    @TempDir
    static Path tmp;
    static Lab lab;

    @BeforeAll
    static void up() {
        long t0 = System.nanoTime();
        lab = Lab.start(LabKit.dir(tmp), null, 10_000);
        System.out.printf("3 x 10,000 workspace lab started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    static void down() {
        if (lab != null) lab.close();
    }

    @Test
    void startsTenThousandWorkspacesPerRegion() {
        try (KubernetesClient c = LabKit.client(lab, "eu-west-2")) {
            assertThat(c.pods().inNamespace("coder-workspaces").list().getItems()).hasSize(10_000);
        }
    }

    /** doctor's sweep really reads the big kinds in pages of 500 here: as many list requests as pages, every object read. */
    @Test
    void doctorsSweepReadsTenThousandPodsARegionInPagesOf500() {
        // a loaded test machine parses 3 x 10,000 pods slower than the lab's 15 s deadline allows
        PitcrewConfig base = ConfigLoader.load(lab.config());
        PitcrewConfig config = base.withThresholds(base.thresholds().withRegionTimeout(Duration.ofSeconds(120)));
        Map<String, Integer> before = new HashMap<>();
        for (Region r : config.regions()) {
            for (String kind : BIG_KINDS) before.put(r.name() + kind, lab.listRequests(r.name(), kind));
        }
        Snapshot snapshot;
        try (Sweep sweep = new Sweep(config, Kubeconfig.read(lab.kubeconfig()))) {
            snapshot = sweep.run(config.regions(), o -> {});
        }

        assertThat(snapshot.reachable()).hasSize(3);
        for (RegionSnapshot region : snapshot.reachable()) {
            String name = region.region().name();
            assertThat(region.pods()).as(name).hasSizeGreaterThan(10_000);
            assertThat(region.nodes()).as(name).hasSizeGreaterThan(1_000);
            Map<String, Integer> read = Map.of("/api/v1/pods", region.pods().size(), "/api/v1/nodes", region.nodes().size(),
                    "/api/v1/events", region.events().size());
            read.forEach((kind, n) -> assertThat(lab.listRequests(name, kind) - before.get(name + kind))
                    .as(name + " " + kind + ": list requests for " + n).isEqualTo(pages(n)));
        }
    }

    /** Requests for a list of {@code n} objects in pages of 500 (an empty list is one request too). */
    private static int pages(int n) {
        return (int) Math.max(1, (n + PagedList.PAGE - 1) / PagedList.PAGE);
    }
}
