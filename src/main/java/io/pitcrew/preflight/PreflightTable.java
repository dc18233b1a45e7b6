package io.pitcrew.preflight;

import io.pitcrew.config.Workshop;
import io.pitcrew.text.Columns;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code pitcrew preflight}'s terminal view: the workshop, one row per item, the fixes to run, the verdict. */
public final class PreflightTable {

    private PreflightTable() {}

    public static String render(PreflightReport report) {
        StringBuilder out = new StringBuilder(headline(report)).append("\n\n");
        Columns table = Columns.headed("CHECK", "REGION", "STATUS", "DETAIL");
        for (Item i : report.items()) table.row(i.check(), i.region() == null ? "-" : i.region(), i.status().id(), i.detail());
        out.append(table.render());
        for (String gap : report.notAsked()) out.append("  (could not ask ").append(gap).append(")\n");
        List<String> fixes = report.fixes();
        if (!fixes.isEmpty()) {
            out.append("\nto make it ready (each shows its plan; add --yes to apply), then run preflight again:\n");
            fixes.forEach(f -> out.append("  ").append(f).append('\n'));
        }
        out.append('\n').append(summary(report)).append('\n');
        return out.toString();
    }

    /** "workshop nov-25: 40 participants, 2026-11-25T10:00:00Z to 2026-11-25T14:00:00Z (starts in 52m)". */
    static String headline(PreflightReport report) {
        Workshop w = report.workshop();
        return "workshop " + w.name() + ": " + w.participants() + " participants, " + Inputs.at(w.start()) + " to " + Inputs.at(w.end()) + " (" + when(w, report.observedAt()) + ")";
    }

    private static String when(Workshop w, Instant now) {
        if (w.over(now)) return "ended " + span(Duration.between(w.end(), now)) + " ago";
        if (w.runs(now)) return "running, ends in " + span(Duration.between(now, w.end()));
        return "starts in " + span(Duration.between(now, w.start()));
    }

    /** "go · 14 ok, 2 risks · 1.21s" or "no-go: 1 blocker · ...". */
    static String summary(PreflightReport report) {
        long blockers = report.count(Status.BLOCKER);
        long risks = report.count(Status.RISK);
        long ok = report.count(Status.OK);
        String counts = (blockers > 0 ? blockers + (blockers == 1 ? " blocker, " : " blockers, ") : "")
                + risks + (risks == 1 ? " risk, " : " risks, ") + ok + " ok";
        return report.verdict() + (report.go() ? " · " : ": ") + counts + String.format(" · %.2fs", report.tookMillis() / 1000.0);
    }

    /** "52m", "3h08m", "2d04h". */
    static String span(Duration d) {
        if (d.toDays() > 0) return String.format("%dd%02dh", d.toDays(), d.toHoursPart());
        if (d.toHours() > 0) return String.format("%dh%02dm", d.toHours(), d.toMinutesPart());
        return Math.max(0, d.toMinutes()) + "m";
    }
}
