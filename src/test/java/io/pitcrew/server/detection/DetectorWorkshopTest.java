package io.pitcrew.server.detection;

import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Workshop;
import io.pitcrew.config.Workshops;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.lab.Lab;
import io.pitcrew.runbook.Finding;
import io.pitcrew.runbook.Kind;
import io.pitcrew.runbook.Runbook;
import io.pitcrew.server.QuickServe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * serve knows when a workshop runs, through the diagnosis it shares with doctor: a rotation due inside a workshop that
 * starts soon is a risk finding it tracks like any other, with the pause until the workshop's end as its fix.
 */
class DetectorWorkshopTest {

    @TempDir
    Path dir;

    @Test
    void aRotationDueInsideAWorkshopAboutToStartIsATrackedRisk() {
        try (Lab lab = Lab.start(dir, "healthy", 4)) {
            Instant start = Instant.now().plus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.SECONDS);
            Workshop nov = new Workshop("nov-25", start, start.plus(Duration.ofHours(4)), 12);
            PitcrewConfig config = ConfigLoader.load(lab.config()).withWorkshops(new Workshops(List.of(nov)));
            Runbook runbook = Doctor.loadRunbook(Optional.empty());
            try (Detector detector = new Detector(config, Kubeconfig.read(lab.kubeconfig()), runbook, QuickServe.settings().detection(), Clock.systemUTC())) {
                detector.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> detector.state().ready() && !detector.state().findings().isEmpty());
                List<Finding> findings = detector.state().findings().stream().map(TrackedFinding::finding).toList();
                assertThat(findings).singleElement().satisfies(f -> {
                    assertThat(f.key()).isEqualTo("workspace-restarts/key-rotation-due");
                    assertThat(f.kind()).isEqualTo(Kind.RISK);
                    assertThat(f.fixes().getFirst().commandLines()).containsExactly("pitcrew fix pause-key-rotation --until " + nov.end());
                });
            }
        }
    }
}
