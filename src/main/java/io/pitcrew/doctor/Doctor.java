package io.pitcrew.doctor;

import io.fabric8.kubernetes.api.model.Pod;
import io.pitcrew.check.Check;
import io.pitcrew.check.CheckContext;
import io.pitcrew.check.Checks;
import io.pitcrew.check.ComponentPlaces;
import io.pitcrew.check.Evidence;
import io.pitcrew.check.PlatformCheck;
import io.pitcrew.config.LabelSelector;
import io.pitcrew.check.Signal;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.observe.RegionObservation;
import io.pitcrew.observe.RegionSnapshot;
import io.pitcrew.observe.RegionUnreachable;
import io.pitcrew.observe.Snapshot;
import io.pitcrew.observe.Sweep;
import io.pitcrew.runbook.Diagnosis;
import io.pitcrew.runbook.Runbook;
import io.pitcrew.runbook.RunbookLoader;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** The whole diagnosis: observe every region, run every check, match the runbook's causes. */
public final class Doctor {

    /** Signals the sweep itself raises for a region it could not read, by {@link RegionUnreachable#reason()}. */
    public static final List<String> UNREACHABLE_SIGNALS = List.of("api-connection-refused", "api-timeout",
            "api-credentials-rejected", "api-tls-error", "api-error");

    private final PitcrewConfig config;
    private final Runbook runbook;

    public Doctor(PitcrewConfig config, Runbook runbook) {
        this.config = config;
        this.runbook = runbook;
    }

    /** The built-in runbook plus the user's incident types from {@code extraDir}. */
    public static Runbook loadRunbook(Optional<Path> extraDir) {
        return new RunbookLoader(knownSignals()).load(extraDir);
    }

    public static Set<String> knownSignals() {
        Set<String> ids = new LinkedHashSet<>(UNREACHABLE_SIGNALS);
        Checks.ALL.forEach(c -> ids.addAll(c.signals()));
        Checks.PLATFORM.forEach(c -> ids.addAll(c.signals()));
        return ids;
    }

    /** Observes the regions over the kubeconfig and diagnoses them. */
    public DoctorReport run(Kubeconfig kubeconfig, List<Region> regions, Consumer<RegionObservation> progress) {
        Instant start = Instant.now();
        try (Sweep sweep = new Sweep(config, kubeconfig)) {
            Snapshot snapshot = sweep.run(regions, progress);
            return diagnose(snapshot, start);
        }
    }

    /**
     * How a diagnosis gets each check's signals. {@code pitcrew doctor} runs every check; {@code pitcrew serve} runs
     * only those that read something that changed and reuses the others' last signals. Either way the signals are
     * gathered in the same order and judged by the same rules, so the findings are the same.
     */
    public interface CheckRunner {
        List<Signal> run(Check check, RegionSnapshot region, CheckContext context);

        List<Signal> run(PlatformCheck check, Snapshot snapshot, CheckContext context);
    }

    /** Runs every check. */
    public static final CheckRunner EVERY_CHECK = new CheckRunner() {
        public List<Signal> run(Check check, RegionSnapshot region, CheckContext context) { return check.check(region, context); }

        public List<Signal> run(PlatformCheck check, Snapshot snapshot, CheckContext context) { return check.check(snapshot, context); }
    };

    /** The pure half: signals and findings from a snapshot. */
    public DoctorReport diagnose(Snapshot snapshot, Instant start) {
        return diagnose(snapshot, start, EVERY_CHECK);
    }

    /** Signals from every check, got through {@code runner}, then the runbook's rules over all of them. */
    public DoctorReport diagnose(Snapshot snapshot, Instant start, CheckRunner runner) {
        CheckContext context = new CheckContext(config.names(), config.thresholds(), config.logPatterns(), snapshot.observedAt(),
                config.workshops());
        LabelSelector workspaces = LabelSelector.parse(config.names().workspaceSelector());
        List<Signal> signals = new ArrayList<>();
        List<RegionStatus> statuses = new ArrayList<>();
        for (RegionObservation o : snapshot.regions()) {
            switch (o) {
                case RegionSnapshot s -> {
                    for (Check check : Checks.ALL) signals.addAll(runner.run(check, s, context));
                    statuses.add(RegionStatus.of(s, (int) s.pods().stream().filter(p -> isWorkspace(workspaces, p)).count(),
                            ComponentPlaces.misplaced(s, config.names())));
                }
                case RegionUnreachable u -> {
                    signals.add(new Signal("api-" + u.reason(), u.region().name(), 1, u.region().name() + " unreachable: " + u.detail(),
                            List.of(new Evidence(u.region().name(), "Context", "", u.region().context(), u.detail()))));
                    statuses.add(RegionStatus.of(u, 0, List.of()));
                }
            }
        }
        for (PlatformCheck check : Checks.PLATFORM) signals.addAll(runner.run(check, snapshot, context));
        var findings = new Diagnosis(runbook, config, context.workshop()).findings(signals);
        return new DoctorReport(snapshot.observedAt(), Duration.between(start, Instant.now()).toMillis(), statuses,
                snapshot.notAsked(), findings);
    }

    private static boolean isWorkspace(LabelSelector selector, Pod p) {
        return selector.matches(p.getMetadata().getLabels());
    }
}
