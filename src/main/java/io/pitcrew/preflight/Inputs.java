package io.pitcrew.preflight;

import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Workshop;
import io.pitcrew.doctor.DoctorReport;
import io.pitcrew.observe.RegionSnapshot;
import io.pitcrew.observe.Snapshot;
import io.pitcrew.runbook.Finding;
import io.pitcrew.runbook.Severity;
import io.pitcrew.runbook.SuggestedFix;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What every item is judged from: the workshop, doctor's sweep and its findings (one sweep, the same as doctor's), the
 * clock, and the incident store when there is one.
 *
 * @param backlog the store's open incidents and the last workshop's work left undone; empty without a store
 */
public record Inputs(Workshop workshop, PitcrewConfig config, Snapshot snapshot, DoctorReport report, Instant now,
                     Optional<Backlog> backlog) {

    /** A time as the lines say it: whole seconds, UTC. */
    public static String at(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** The control plane's snapshot, if it was read. */
    public Optional<RegionSnapshot> controlPlane() {
        return config.controlPlane().flatMap(cp -> region(cp.name()));
    }

    public Optional<RegionSnapshot> region(String name) {
        return snapshot.reachable().stream().filter(r -> r.region().name().equals(name)).findFirst();
    }

    /** The control plane's name, for the lines of items that live there. */
    public String controlPlaneName() {
        return config.controlPlane().map(r -> r.name()).orElse(null);
    }

    /** doctor's findings of these causes; with a region, those touching it. */
    public List<Finding> findings(Set<String> keys, String region) {
        return report.findings().stream().filter(f -> keys.contains(f.key()))
                .filter(f -> region == null || f.regions().contains(region)).toList();
    }

    /**
     * A finding as a line: it blocks unless the runbook calls it cosmetic (P3), and brings its first fix. Before a
     * workshop, a degradation with a workaround is still one to fix first.
     */
    public static Item item(String check, String region, Finding f) {
        String detail = f.key() + ": " + f.summary();
        List<String> lines = f.fixes().stream().flatMap(s -> s.commandLines().stream()).toList();
        // the line for this line's region first (restart-coder --region eu-west-2 for eu-west-2's mismatch)
        String fix = lines.stream().filter(l -> region != null && l.contains("--region " + region)).findFirst()
                .or(() -> lines.stream().findFirst())
                .orElse(f.fixes().stream().map(SuggestedFix::action).findFirst().map(a -> "pitcrew fix " + a).orElse(null));
        return f.severity().atLeast(Severity.P2) ? Item.blocker(check, region, detail, fix) : Item.risk(check, region, detail, fix);
    }
}
