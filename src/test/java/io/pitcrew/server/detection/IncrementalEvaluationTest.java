package io.pitcrew.server.detection;

import io.pitcrew.check.Check;
import io.pitcrew.check.CheckContext;
import io.pitcrew.check.Checks;
import io.pitcrew.check.Input;
import io.pitcrew.check.PlatformCheck;
import io.pitcrew.check.Signal;
import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.doctor.DoctorReport;
import io.pitcrew.lab.Lab;
import io.pitcrew.lab.Scenario;
import io.pitcrew.lab.Scenarios;
import io.pitcrew.observe.RegionSnapshot;
import io.pitcrew.observe.Snapshot;
import io.pitcrew.observe.Sweep;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Serve's incremental evaluation against doctor's full one, on a snapshot of the lab in every scenario: every check
 * reads only what it declares, incremental evaluation finds exactly what a full diagnosis of the same snapshot finds,
 * and a check whose inputs did not change does not run.
 */
class IncrementalEvaluationTest {

    @TempDir
    static Path dir;
    static Lab lab;
    static PitcrewConfig config;
    static Doctor doctor;
    static Snapshot healthy;
    /** A snapshot of the lab in each scenario, by scenario name. */
    static final Map<String, Snapshot> scenarios = new LinkedHashMap<>();

    @BeforeAll
    static void sweepEveryScenario() {
        lab = Lab.start(dir, "healthy", 4);
        config = ConfigLoader.load(lab.config());
        doctor = new Doctor(config, Doctor.loadRunbook(Optional.empty()));
        Kubeconfig kubeconfig = Kubeconfig.read(lab.kubeconfig());
        try (Sweep sweep = new Sweep(config, kubeconfig)) {
            healthy = sweep.run(config.regions(), o -> {});
            for (Scenario s : Scenarios.ALL) {
                if (s.expectedIncidentType() == null) continue;
                lab.inject(s.name());
                scenarios.put(s.name(), sweep.run(config.regions(), o -> {}));
                lab.reset();
            }
        }
    }

    @AfterAll
    static void stop() {
        if (lab != null) lab.close();
    }

    @Test
    void everyCheckReadsOnlyWhatItDeclares() {
        List<String> wrong = new ArrayList<>();
        for (var e : scenarios.entrySet()) wrong.addAll(undeclaredReads(e.getKey(), e.getValue(), Map.of()));
        assertThat(wrong).isEmpty();
    }

    /** The test above can fail: a declaration with an input left out is caught. */
    @Test
    void aCheckReadingMoreThanItDeclaresIsCaught() {
        List<String> wrong = new ArrayList<>();
        Map<String, Set<Input>> understated = Map.of("evicted-pods", EnumSet.of(Input.CLOCK), "dns-routing", EnumSet.of(Input.SERVICES));
        for (var e : scenarios.entrySet()) wrong.addAll(undeclaredReads(e.getKey(), e.getValue(), understated));
        assertThat(wrong).anyMatch(w -> w.contains("evicted-pods")).anyMatch(w -> w.contains("dns-routing"));
    }

    @Test
    void incrementalEvaluationFindsWhatAFullDiagnosisFinds() {
        IncrementalChecks incremental = new IncrementalChecks(doctor, c -> {});
        incremental.diagnose(healthy, Instant.now(), ChangedInputs.Dirty.NOTHING);
        Snapshot before = healthy;
        // from one scenario straight to the next, and back to healthy: each step a change of some inputs
        List<Snapshot> steps = new ArrayList<>(scenarios.values());
        steps.add(healthy);
        for (Snapshot after : steps) {
            DoctorReport got = incremental.diagnose(after, Instant.now(), SnapshotInputs.between(before, after));
            DoctorReport full = doctor.diagnose(after, Instant.now());
            assertThat(got.findings()).isEqualTo(full.findings());
            assertThat(got.regions()).isEqualTo(full.regions());
            assertThat(got.notAsked()).isEqualTo(full.notAsked());
            before = after;
        }
        assertThat(scenarios.values().stream().mapToInt(s -> doctor.diagnose(s, Instant.now()).findings().size()).sum())
                .as("the scenarios have findings to compare").isGreaterThan(scenarios.size() / 2);
    }

    @Test
    void aCheckDoesNotRunWhenNothingItReadsChanged() {
        Map<String, Integer> runs = new HashMap<>();
        IncrementalChecks incremental = new IncrementalChecks(doctor, c -> runs.merge(c, 1, Integer::sum));
        Snapshot storage = scenarios.get("storage-exhaustion");
        incremental.diagnose(storage, Instant.now(), ChangedInputs.Dirty.NOTHING);
        assertThat(runs).containsEntry("node-conditions", 3).containsEntry("evicted-pods", 3).containsEntry("mirror-sync", 1);

        // only us-west-2's pods changed
        runs.clear();
        DoctorReport report = incremental.diagnose(storage, Instant.now(), ChangedInputs.Dirty.NOTHING.with("us-west-2", Set.of(Input.PODS)));
        assertThat(runs).doesNotContainKeys("node-conditions", "node-usage", "karpenter-nodepools", "mirror-sync", "dns-routing");
        assertThat(runs).containsEntry("evicted-pods", 3) // reads the clock as well: runs everywhere, every time
                .containsEntry("workspace-count", 1) // pods and nodes, no clock: only where pods changed
                .containsEntry("coder-image-digests", 1); // a platform check reading pods
        assertThat(report.findings()).isEqualTo(doctor.diagnose(storage, Instant.now()).findings());

        // a probe answered differently: only the checks reading it (and the clock) run
        runs.clear();
        incremental.diagnose(storage, Instant.now(), ChangedInputs.Dirty.NOTHING.withPlatform(Input.MIRROR));
        assertThat(runs).containsEntry("mirror-sync", 1).doesNotContainKeys("workspace-count", "coder-image-digests", "dns-routing");

        // a region that stops answering changes as a whole, and so does one that answers again
        runs.clear();
        Snapshot down = storage.toBuilder().regions(storage.regions().stream().map(o -> o.region().name().equals("eu-west-2")
                ? scenarios.get("region-down").regions().stream().filter(d -> d.region().name().equals("eu-west-2")).findFirst().orElseThrow()
                : o).toList()).build();
        report = incremental.diagnose(down, Instant.now(), ChangedInputs.Dirty.NOTHING);
        assertThat(runs).doesNotContainKeys("node-conditions", "workspace-count")
                .containsEntry("coder-image-digests", 1).containsEntry("dns-routing", 1).containsEntry("mirror-sync", 1);
        assertThat(report.findings()).isEqualTo(doctor.diagnose(down, Instant.now()).findings());
        runs.clear();
        report = incremental.diagnose(storage, Instant.now(), ChangedInputs.Dirty.NOTHING);
        assertThat(runs).containsEntry("node-conditions", 1).containsEntry("workspace-count", 1);
        assertThat(report.findings()).isEqualTo(doctor.diagnose(storage, Instant.now()).findings());
    }

    /**
     * The checks whose signals on {@code snapshot} change when what they do not declare is blanked, or taken from
     * the healthy lab, or when the clock moves a day (for those not reading it).
     */
    private static List<String> undeclaredReads(String scenario, Snapshot snapshot, Map<String, Set<Input>> override) {
        List<String> wrong = new ArrayList<>();
        CheckContext now = context(snapshot.observedAt());
        CheckContext later = context(snapshot.observedAt().plus(Duration.ofDays(1)));
        for (Snapshot other : List.of(SnapshotInputs.empty(snapshot), healthy)) {
            for (Check check : Checks.ALL) {
                Set<Input> reads = override.getOrDefault(check.name(), check.reads());
                Snapshot mixed = SnapshotInputs.mixed(snapshot, other, reads);
                for (RegionSnapshot r : snapshot.reachable()) {
                    RegionSnapshot m = mixed.reachable().stream().filter(x -> x.region().equals(r.region())).findFirst().orElseThrow();
                    List<Signal> want = check.check(r, now);
                    if (!want.equals(check.check(m, now))) wrong.add(scenario + ": " + check.name() + " in " + r.region().name() + " reads more than " + reads);
                    if (!reads.contains(Input.CLOCK) && !want.equals(check.check(r, later))) wrong.add(scenario + ": " + check.name() + " reads the clock");
                }
            }
            for (PlatformCheck check : Checks.PLATFORM) {
                Set<Input> reads = override.getOrDefault(check.name(), check.reads());
                List<Signal> want = check.check(snapshot, now);
                if (!want.equals(check.check(SnapshotInputs.mixed(snapshot, other, reads), now))) wrong.add(scenario + ": " + check.name() + " reads more than " + reads);
                if (!reads.contains(Input.CLOCK) && !want.equals(check.check(snapshot, later))) wrong.add(scenario + ": " + check.name() + " reads the clock");
            }
        }
        return wrong;
    }

    private static CheckContext context(Instant now) {
        return new CheckContext(config.names(), config.thresholds(), config.logPatterns(), now);
    }
}
