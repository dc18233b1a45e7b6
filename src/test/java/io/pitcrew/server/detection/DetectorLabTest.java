package io.pitcrew.server.detection;

import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.doctor.DoctorReport;
import io.pitcrew.lab.Lab;
import io.pitcrew.runbook.Runbook;
import io.pitcrew.server.QuickServe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The detector on a lab, faults injected and reset while it watches: every evaluation, incremental as it is, finds
 * exactly what a full diagnosis of the same snapshot finds — so the watches and probes report every input that
 * changed — and checks whose inputs did not change were skipped.
 */
class DetectorLabTest {

    @TempDir
    Path dir;

    @Test
    void everyEvaluationEqualsAFullDiagnosis() {
        try (Lab lab = Lab.start(dir, "healthy", 4)) {
            PitcrewConfig config = ConfigLoader.load(lab.config());
            Runbook runbook = Doctor.loadRunbook(Optional.empty());
            Doctor doctor = new Doctor(config, runbook);
            Detector.Settings settings = QuickServe.settings().detection();
            List<String> mismatches = new CopyOnWriteArrayList<>();
            AtomicInteger evaluations = new AtomicInteger();
            try (Detector detector = new Detector(config, Kubeconfig.read(lab.kubeconfig()), runbook, settings, Clock.systemUTC())) {
                detector.onEvaluation(e -> {
                    evaluations.incrementAndGet();
                    DoctorReport full = doctor.diagnose(e.snapshot(), Instant.now());
                    if (!full.findings().equals(e.report().findings()) || !full.regions().equals(e.report().regions())) {
                        mismatches.add("at " + e.snapshot().observedAt() + ": incremental " + ids(e.report()) + ", full " + ids(full));
                    }
                });
                detector.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> detector.state().ready());
                for (String scenario : List.of("storage-exhaustion", "lb-pending", "mirror-stale", "region-down")) {
                    lab.inject(scenario);
                    await().atMost(Duration.ofSeconds(30)).until(() -> !ids(detector.state().report()).isEmpty());
                    lab.reset();
                    await().atMost(Duration.ofSeconds(30)).until(() -> ids(detector.state().report()).isEmpty());
                }
                assertThat(mismatches).isEmpty();
                assertThat(evaluations.get()).isGreaterThan(8);
                // node conditions change with nodes only: far fewer runs than evaluations of three regions
                assertThat(detector.metrics().checksEvaluated("node-conditions")).isLessThan(3L * evaluations.get());
                assertThat(detector.metrics().checksEvaluated("evicted-pods")).isGreaterThanOrEqualTo(evaluations.get());
            }
        }
    }

    private static List<String> ids(DoctorReport report) {
        return report == null ? List.of() : report.findings().stream().map(f -> f.incidentType() + "/" + f.cause() + "/" + f.regions()).toList();
    }
}
