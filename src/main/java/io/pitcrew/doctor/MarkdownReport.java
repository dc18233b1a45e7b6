package io.pitcrew.doctor;

import io.pitcrew.check.Evidence;
import io.pitcrew.runbook.Finding;
import io.pitcrew.runbook.Step;

import java.util.ArrayList;
import java.util.List;

/** For pasting into an incident channel or an issue. */
public final class MarkdownReport {

    private MarkdownReport() {}

    public static String render(DoctorReport report) {
        StringBuilder md = new StringBuilder("## pitcrew doctor — ").append(report.observedAt()).append("\n\n");
        md.append("| region | role | status | nodes | pods | workspaces |\n|---|---|---|---|---|---|\n");
        for (RegionStatus r : report.regions()) {
            md.append("| ").append(r.name()).append(" | ").append(r.role()).append(" | ")
              .append(r.ok() ? "ok" : "unreachable: " + cell(r.error())).append(" | ").append(r.nodes()).append(" | ")
              .append(r.pods()).append(" | ").append(r.workspaces()).append(" |\n");
        }
        if (!report.notAsked().isEmpty()) {
            md.append("\nCould not ask:\n\n");
            for (String gap : report.notAsked()) md.append("- ").append(gap).append('\n');
        }
        md.append('\n');
        List<Finding> ordered = new ArrayList<>(report.incidents());
        ordered.addAll(report.risks());
        for (Finding f : ordered) {
            if (f.risk() && f == report.risks().getFirst()) {
                md.append("## Risks\n\nPredictable trouble, not incidents yet (P3; each becomes its incident when the trouble shows).\n\n");
            }
            md.append("### ").append(f.severity()).append(f.risk() ? " risk" : "").append(" · ").append(f.incidentType()).append(" / ").append(f.cause())
              .append(" — ").append(String.join(", ", f.regions())).append("\n\n")
              .append("**").append(f.title()).append("**. ").append(f.summary()).append("\n\n**Evidence**\n\n");
            for (Evidence e : f.evidence()) {
                md.append("- ").append(e.region()).append(" `").append(e.ref()).append("`: ").append(e.detail()).append('\n');
            }
            md.append("\n**Next steps**\n\n");
            for (Step s : f.actions()) {
                md.append("- ").append(s.title());
                if (s.command() != null) md.append(": `").append(s.command()).append('`');
                md.append('\n');
            }
            TableReport.fixes(f).ifPresent(ids -> md.append("\n**Fix with pitcrew** (shows the plan; `--yes` applies): ")
                    .append(String.join(", ", ids.stream().map(id -> "`pitcrew fix " + id + "`").toList())).append('\n'));
            md.append("\nRunbook: [").append(f.runbook()).append("](").append(f.runbook()).append(")\n\n");
        }
        md.append("_").append(Summary.of(report)).append("_\n");
        return md.toString();
    }

    private static String cell(String s) { return s == null ? "" : s.replace("|", "\\|"); }
}
