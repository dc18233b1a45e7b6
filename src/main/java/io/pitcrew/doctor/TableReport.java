package io.pitcrew.doctor;

import io.pitcrew.check.Evidence;
import io.pitcrew.runbook.Finding;
import io.pitcrew.runbook.Step;

import java.util.List;

/** The terminal view: a region table, then each finding with its evidence and next steps, at most {@code width} wide. */
final class TableReport {

    private static final int EVIDENCE_SHOWN = 3;

    private final DoctorReport report;
    private final int width;
    private final StringBuilder out = new StringBuilder();

    TableReport(DoctorReport report, int width) {
        this.report = report;
        this.width = width;
    }

    String render() {
        line(String.format("%-12s %-14s %-12s %6s %7s %10s %7s", "REGION", "ROLE", "STATUS", "NODES", "PODS", "WORKSPACES", "TOOK"));
        for (RegionStatus r : report.regions()) {
            if (r.ok()) {
                line(String.format("%-12s %-14s %-12s %6d %7d %10d %6.2fs", r.name(), r.role(), "ok", r.nodes(), r.pods(),
                        r.workspaces(), r.tookMillis() / 1000.0));
                for (String gap : r.gaps()) line("  (could not read " + gap + ")");
            } else {
                line(String.format("%-12s %-14s %s", r.name(), r.role(), "UNREACHABLE " + r.error()));
            }
        }
        // whole, not cut: the reason (an expired token, a 404) is what the reader must act on
        for (String gap : report.notAsked()) whole("  (could not ask " + gap + ")");
        out.append('\n');
        if (report.findings().isEmpty()) {
            line(report.notAsked().isEmpty() ? "No findings: every check passed in every region that answered."
                    : "No findings in what could be read; the checks that need the answers above did not run.");
        }
        for (Finding f : report.findings()) finding(f);
        line(Summary.of(report));
        return out.toString();
    }

    private void finding(Finding f) {
        line(f.severity() + "  " + f.incidentType() + " / " + f.cause() + "  [" + String.join(", ", f.regions()) + "]");
        line("    " + f.title());
        wrapped("    ", f.summary()); // whole: the summary carries the facts (when a rotation started, when the next is due)
        line("    evidence:");
        List<Evidence> ev = f.evidence();
        ev.stream().limit(EVIDENCE_SHOWN).forEach(e -> {
            line("      " + e.region() + "  " + e.ref());
            line("        " + e.detail());
        });
        if (ev.size() > EVIDENCE_SHOWN) line("      ... and " + (ev.size() - EVIDENCE_SHOWN) + " more (-o json shows all)");
        line("    next steps:");
        String previous = null;
        int n = 0;
        for (Step s : f.actions()) {
            if (!s.title().equals(previous)) line("      " + (++n) + ". " + s.title());
            previous = s.title();
            if (s.command() != null) whole("         $ " + s.command());
        }
        fixes(f).ifPresent(ids -> line("    fix with pitcrew: " + String.join(", ", ids.stream().map(id -> "pitcrew fix " + id).toList())
                + "  (shows the plan; --yes applies)"));
        line("    runbook: " + f.runbook());
        out.append('\n');
    }

    /** A command is never cut: it is there to be copied. */
    private void whole(String s) {
        out.append(s).append('\n');
    }

    /** The {@code pitcrew fix} actions the runbook's resolution of this finding calls for, if any. */
    static java.util.Optional<List<String>> fixes(Finding f) {
        return io.pitcrew.act.Suggestions.forFinding(f.incidentType() + "/" + f.cause())
                .map(actions -> actions.stream().map(io.pitcrew.act.Action::id).toList());
    }

    /** Word-wrapped to the width, every line indented. */
    private void wrapped(String indent, String text) {
        StringBuilder current = new StringBuilder(indent);
        for (String word : text.split(" ")) {
            if (current.length() > indent.length() && current.length() + 1 + word.length() > width) {
                whole(current.toString());
                current = new StringBuilder(indent);
            }
            if (current.length() > indent.length()) current.append(' ');
            current.append(word);
        }
        whole(current.toString());
    }

    /** One line, cut to the width with an ellipsis: long messages are in -o json whole. */
    private void line(String s) {
        out.append(s.length() > width ? s.substring(0, width - 1) + "…" : s).append('\n');
    }
}
