package io.pitcrew.doctor;

import io.pitcrew.check.Evidence;
import io.pitcrew.runbook.Finding;
import io.pitcrew.runbook.Step;
import io.pitcrew.runbook.SuggestedFix;
import io.pitcrew.text.Columns;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The terminal view: a region table sized to its content, then each finding with its evidence and next steps, at most
 * 100 characters wide. Wide ({@code -o wide}) adds per-region columns (context, findings, evidence), shows every piece
 * of evidence and cuts no line.
 */
public final class TableReport {

    private static final int EVIDENCE_SHOWN = 3;
    private static final int WIDTH = 100;

    private final DoctorReport report;
    private final boolean wide;
    private final StringBuilder out = new StringBuilder();

    private TableReport(DoctorReport report, boolean wide) {
        this.report = report;
        this.wide = wide;
    }

    /** {@code -o table}: what fits a terminal. */
    public static String render(DoctorReport report) {
        return new TableReport(report, false).render();
    }

    /** {@code -o wide}: more columns, all the evidence, no line cut. */
    public static String wide(DoctorReport report) {
        return new TableReport(report, true).render();
    }

    String render() {
        regions().render().lines().forEach(this::line);
        // whole, not cut: the reason (an expired token, a 404) is what the reader must act on
        for (String gap : report.notAsked()) whole("  (could not ask " + gap + ")");
        out.append('\n');
        if (report.findings().isEmpty()) {
            line(report.notAsked().isEmpty() ? "No findings: every check passed in every region that answered."
                    : "No findings in what could be read; the checks that need the answers above did not run.");
        }
        for (Finding f : report.incidents()) finding(f);
        if (!report.risks().isEmpty()) {
            line("Risks: predictable trouble, not incidents yet (P3; each becomes its incident when the trouble shows):");
            out.append('\n');
            for (Finding f : report.risks()) finding(f);
        }
        line(Summary.of(report));
        return out.toString();
    }

    private Columns regions() {
        Columns table = wide
                ? Columns.headed("REGION", "ROLE", "CONTEXT", "STATUS", "NODES", "PODS", "WORKSPACES", "FINDINGS", "EVIDENCE", "TOOK")
                : Columns.headed("REGION", "ROLE", "STATUS", "NODES", "PODS", "WORKSPACES", "TOOK");
        for (RegionStatus r : report.regions()) {
            String took = String.format("%.2fs", r.tookMillis() / 1000.0);
            List<Object> cells = new ArrayList<>(List.of(r.name(), r.role()));
            if (wide) cells.add(r.context());
            cells.add(r.status());
            cells.addAll(r.ok() ? List.of(r.nodes(), r.pods(), r.workspaces()) : List.of("-", "-", "-"));
            if (wide) {
                cells.add(report.findings().stream().filter(f -> f.regions().contains(r.name())).count());
                cells.add(report.findings().stream().flatMap(f -> f.evidence().stream()).filter(e -> r.name().equals(e.region())).count());
            }
            cells.add(took);
            table.row(cells.toArray());
            if (!r.ok()) table.note("  (" + r.error() + ")");
            for (String gap : r.gaps()) table.note("  (could not read " + gap + ")");
        }
        return table;
    }

    private void finding(Finding f) {
        line(f.severity() + "  " + (f.risk() ? "risk  " : "") + f.incidentType() + " / " + f.cause() + "  [" + String.join(", ", f.regions()) + "]");
        line("    " + f.title());
        wrapped("    ", f.summary()); // whole: the summary carries the facts (when a rotation started, when the next is due)
        line("    evidence:");
        List<Evidence> ev = f.evidence();
        ev.stream().limit(wide ? ev.size() : EVIDENCE_SHOWN).forEach(e -> {
            line("      " + e.region() + "  " + e.ref());
            line("        " + e.detail());
        });
        if (!wide && ev.size() > EVIDENCE_SHOWN) line("      ... and " + (ev.size() - EVIDENCE_SHOWN) + " more (-o wide or -o json shows all)");
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
    static Optional<List<String>> fixes(Finding f) {
        List<String> ids = f.fixes().stream().map(SuggestedFix::action).toList();
        return ids.isEmpty() ? Optional.empty() : Optional.of(ids);
    }

    /** Word-wrapped to the width, every line indented. */
    private void wrapped(String indent, String text) {
        StringBuilder current = new StringBuilder(indent);
        for (String word : text.split(" ")) {
            if (current.length() > indent.length() && current.length() + 1 + word.length() > WIDTH) {
                whole(current.toString());
                current = new StringBuilder(indent);
            }
            if (current.length() > indent.length()) current.append(' ');
            current.append(word);
        }
        whole(current.toString());
    }

    /** One line, cut to the width with an ellipsis: long messages are whole in -o wide and -o json. */
    private void line(String s) {
        out.append(!wide && s.length() > WIDTH ? s.substring(0, WIDTH - 1) + "…" : s).append('\n');
    }
}
