package io.pitcrew.lab;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A workshop-sized lab: 10,000 workspaces in each of the three regions, the most {@code --workspaces} allows. It
 * takes about 10 s to seed on two cores; the time is printed, never
 * asserted.
 */
class LabScaleTest {

    @Test
    void startsTenThousandWorkspacesPerRegion(@TempDir Path tmp) {
        long t0 = System.nanoTime();
        try (Lab lab = Lab.start(LabFixture.dir(tmp), null, 10_000)) {
            System.out.printf("3 x 10,000 workspace lab started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            try (KubernetesClient c = LabFixture.client(lab, "eu-west-2")) {
                assertThat(c.pods().inNamespace("coder-workspaces").list().getItems()).hasSize(10_000);
            }
        }
    }
}
