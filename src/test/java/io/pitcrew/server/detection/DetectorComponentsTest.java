package io.pitcrew.server.detection;

import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Probes;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.doctor.DoctorReport;
import io.pitcrew.lab.Lab;
import io.pitcrew.runbook.Finding;
import io.pitcrew.runbook.Runbook;
import io.pitcrew.server.QuickServe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code pitcrew serve} sees a platform component go down with only Kubernetes configured: CoreDNS's Deployment lives in
 * kube-system, so serve must watch that namespace's Deployments, and the last error line comes from the polled log
 * tail of a pod that is not Ready.
 */
class DetectorComponentsTest {

    @TempDir
    Path dir;

    @Test
    void serveFindsCoreDnsDownInAProxyRegionWithItsLastErrorLine() {
        try (Lab lab = Lab.start(dir, "healthy", 4)) {
            PitcrewConfig config = ConfigLoader.load(lab.config()).withProbes(Probes.none());
            Runbook runbook = Doctor.loadRunbook(Optional.empty());
            try (Detector detector = new Detector(config, Kubeconfig.read(lab.kubeconfig()), runbook, QuickServe.settings().detection(), Clock.systemUTC())) {
                detector.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> detector.state().ready());
                assertThat(findings(detector)).isEmpty();

                lab.inject("coredns-down");
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(findings(detector)).singleElement().satisfies(f -> {
                    assertThat(f.incidentType() + "/" + f.cause()).isEqualTo("subdomain-routing/coredns-down");
                    assertThat(f.regions()).containsExactly("eu-west-2");
                    assertThat(f.evidence()).anySatisfy(e -> assertThat(e.ref()).isEqualTo("Deployment kube-system/coredns"))
                            .anySatisfy(e -> {
                                assertThat(e.kind()).isEqualTo("Log");
                                assertThat(e.detail()).contains("[FATAL] plugin/loop");
                            });
                }));

                lab.reset();
                await().atMost(Duration.ofSeconds(30)).until(() -> findings(detector).isEmpty());
            }
        }
    }

    private static List<Finding> findings(Detector detector) {
        DoctorReport report = detector.state().report();
        return report == null ? List.of() : report.findings();
    }
}
