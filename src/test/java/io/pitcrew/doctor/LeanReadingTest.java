package io.pitcrew.doctor;

import io.fabric8.kubernetes.api.model.Pod;
import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.lab.Lab;
import io.pitcrew.lab.Scenario;
import io.pitcrew.lab.Scenarios;
import io.pitcrew.observe.ListReading;
import io.pitcrew.observe.RegionSnapshot;
import io.pitcrew.observe.Snapshot;
import io.pitcrew.observe.Sweep;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * doctor reading lean — lists in pages, each object slimmed as its page arrives — finds exactly what reading every
 * list in one answer, every object as parsed, finds: the same findings with the same evidence, the same region
 * statuses, unasked questions and summary line, in the healthy lab and in every scenario. The checks have one input
 * model; slimming may only change what holding it costs.
 */
class LeanReadingTest {

    /** Pages of 7, so that pods, nodes and events of a small lab each come in several. */
    private static final ListReading SMALL_PAGES = new ListReading(7, true);

    @TempDir
    static Path dir;
    static Lab lab;
    static PitcrewConfig config;
    static Kubeconfig kubeconfig;
    static Doctor doctor;

    @BeforeAll
    static void start() {
        lab = Lab.start(dir, "healthy", 24);
        config = ConfigLoader.load(lab.config());
        kubeconfig = Kubeconfig.read(lab.kubeconfig());
        doctor = new Doctor(config, Doctor.loadRunbook(Optional.empty()));
    }

    @AfterAll
    static void stop() {
        if (lab != null) lab.close();
    }

    @Test
    void leanPagedReadingFindsWhatWholeReadingFindsInEveryScenario() {
        List<String> withFindings = new ArrayList<>();
        for (Scenario scenario : Scenarios.ALL) {
            lab.inject(scenario.name());
            int podPagesBefore = lab.listRequests("us-east-2", "/api/v1/pods");
            Snapshot paged = sweep(SMALL_PAGES);
            int podPages = lab.listRequests("us-east-2", "/api/v1/pods") - podPagesBefore;
            Snapshot full = sweep(ListReading.WHOLE);
            lab.reset();

            // judged at the same moment, so that the checks reading the clock judge both alike
            DoctorReport want = doctor.diagnose(full, full.observedAt());
            DoctorReport got = doctor.diagnose(at(full.observedAt(), paged), full.observedAt());
            assertThat(got.findings()).as(scenario.name()).isEqualTo(want.findings());
            // gaps are listed as the optional lists fail, in whichever order that is
            assertThat(got.regions()).as(scenario.name()).usingRecursiveComparison().ignoringFields("tookMillis")
                    .ignoringCollectionOrderInFields("gaps").isEqualTo(want.regions());
            assertThat(got.notAsked()).as(scenario.name()).isEqualTo(want.notAsked());
            assertThat(Summary.of(sameTime(got, want))).as(scenario.name()).isEqualTo(Summary.of(want));
            if (!want.findings().isEmpty()) withFindings.add(scenario.name());

            // and the two readings did differ: in pages, slimmed, against one answer, as parsed
            assertThat(podPages).as(scenario.name() + ": pod pages").isGreaterThan(3);
            if (paged.reachable().stream().anyMatch(r -> r.region().name().equals("us-east-2"))) {
                assertThat(pods(paged)).allSatisfy(p -> assertThat(p.getAdditionalProperties()).isSameAs(pods(paged).getFirst().getSpec().getAdditionalProperties()));
                assertThat(pods(full).getFirst().getAdditionalProperties()).isNotSameAs(pods(full).getLast().getAdditionalProperties());
            }
        }
        assertThat(withFindings).as("scenarios with findings to compare").hasSizeGreaterThan(Scenarios.ALL.size() / 2);
    }

    /** One sweep, as one doctor run makes it, its clients closed before the next. */
    private static Snapshot sweep(ListReading reading) {
        try (Sweep sweep = new Sweep(config, kubeconfig, reading)) {
            return sweep.run(config.regions(), o -> {});
        }
    }

    private static List<Pod> pods(Snapshot snapshot) {
        return snapshot.reachable().stream().filter(r -> r.region().name().equals("us-east-2")).findFirst()
                .map(RegionSnapshot::pods).orElseThrow();
    }

    private static Snapshot at(Instant observedAt, Snapshot s) {
        return s.toBuilder().observedAt(observedAt).build();
    }

    private static DoctorReport sameTime(DoctorReport report, DoctorReport as) {
        return new DoctorReport(as.observedAt(), as.tookMillis(), report.regions(), report.notAsked(), report.findings());
    }
}
