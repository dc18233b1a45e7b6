package io.pitcrew.preflight;

import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.config.Workshop;
import io.pitcrew.config.Workshops;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.doctor.DoctorReport;
import io.pitcrew.observe.RegionObservation;
import io.pitcrew.observe.Snapshot;
import io.pitcrew.observe.Sweep;
import io.pitcrew.runbook.Runbook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code pitcrew preflight}: one workshop's go / no-go. It reads what doctor reads, in doctor's one sweep, diagnoses it
 * as doctor does (with the workshop's window known, so its risks are there too), and judges each item of the
 * pre-workshop checklist from that and the clock.
 */
public final class Preflight {

    /** Every item, in the order a workshop host reads them; whatever doctor finds besides comes last. */
    static final List<Readiness> ITEMS = List.of(new RoutingReadiness(), new CapacityReadiness(), new ProvisionersReadiness(),
            new LiteLLMReadiness(), new KeyRotationReadiness(), new PullSecretsReadiness(), new CredentialsReadiness(),
            new ImagesReadiness(), new IncidentsReadiness());

    private final PitcrewConfig config;
    private final Runbook runbook;
    private final Workshop workshop;

    /** @param config pitcrew.yaml; the workshop is added to its windows (a configured one is there already) */
    public Preflight(PitcrewConfig config, Runbook runbook, Workshop workshop) {
        List<Workshop> windows = new ArrayList<>(config.workshops().windows().stream().filter(w -> !w.name().equals(workshop.name())).toList());
        windows.add(workshop);
        this.config = config.withWorkshops(new Workshops(windows));
        this.runbook = runbook;
        this.workshop = workshop;
    }

    /** Sweeps the regions as doctor does, diagnoses, and judges every item. */
    public PreflightReport run(Kubeconfig kubeconfig, List<Region> regions, Consumer<RegionObservation> progress, Optional<Backlog> backlog) {
        Instant start = Instant.now();
        try (Sweep sweep = new Sweep(config, kubeconfig)) {
            Snapshot snapshot = sweep.run(regions, progress);
            DoctorReport report = new Doctor(config, runbook).diagnose(snapshot, start);
            return judge(new Inputs(workshop, config, snapshot, report, snapshot.observedAt(), backlog), start);
        }
    }

    /** The pure half: every item from what was read. */
    public static PreflightReport judge(Inputs in, Instant start) {
        List<Item> items = new ArrayList<>();
        Set<String> claimed = new HashSet<>();
        for (Readiness r : ITEMS) {
            items.addAll(r.judge(in));
            claimed.addAll(r.claims());
        }
        items.addAll(new FindingsReadiness(claimed).judge(in));
        return PreflightReport.of(in.workshop(), items, in.snapshot().observedAt(), Duration.between(start, Instant.now()).toMillis(),
                in.report().notAsked());
    }
}
