package io.pitcrew.drill;

import io.pitcrew.text.Columns;

import java.util.List;
import java.util.stream.Collectors;

/** A scorecard for people: a table on a terminal, Markdown for the team's notes or an issue. */
public final class ScorecardText {

    private ScorecardText() {}

    public static String table(Scorecard s) {
        StringBuilder b = new StringBuilder();
        b.append(s.drill()).append("  ").append(s.scenario()).append("  ").append(s.outcome()).append('\n');
        for (Scorecard.FaultScore f : s.faults()) {
            b.append("  the fault:      ").append(f.scenario()).append(": ").append(f.summary()).append('\n');
            b.append("  reported as:    \"").append(f.report()).append("\"\n");
            b.append("  finding:        ").append(f.finding()).append(f.fixableInLab() ? "" : " (no fix shows in the lab)").append('\n');
        }
        b.append('\n');
        b.append(Columns.plain()
                .row("time to detect", duration(s.timeToDetect(), "not detected") + (s.detectedBy() == null ? "" : "  by " + s.detectedBy()))
                .row("time to acknowledge", duration(s.timeToAcknowledge(), "not acknowledged"))
                .row("time to mitigate", duration(s.timeToMitigate(), "not mitigated") + (s.mitigated() ? "  ✓ mitigated" : ""))
                .render());
        if (s.faultAt() == null) b.append("(the fault was never injected: the drill ended or the lab was reset first)\n");
        b.append('\n').append("actions (pitcrew fix):\n");
        if (s.actions().isEmpty()) b.append("  none\n");
        Columns actions = Columns.plain();
        for (Scorecard.ActionTaken a : s.actions()) {
            actions.row("#" + a.audit(), offset(a.after()), a.actor(), a.action(), a.result(), a.onPath() ? "on the runbook's path" : "off the path");
        }
        b.append(actions.render("  "));
        b.append("wrong actions:  ").append(ids(s.wrongActions())).append('\n');
        b.append("refused/failed: ").append(ids(s.refusedActions())).append('\n');
        for (Scorecard.RunbookPath p : s.runbook()) {
            b.append('\n').append("the runbook's path for ").append(p.finding()).append(" (").append(p.title()).append("):\n");
            b.append("  fixes: ").append(p.fix().isEmpty() ? "none pitcrew can apply" : p.fix().stream()
                    .map(x -> x + (p.taken().contains(x) ? " ✓ taken" : " ✕ missed")).collect(Collectors.joining(", "))).append('\n');
            p.steps().forEach(step -> b.append("  - ").append(step).append('\n'));
        }
        return b.toString();
    }

    public static String markdown(Scorecard s) {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(s.drill()).append(": ").append(s.scenario()).append("\n\n");
        b.append("Outcome: **").append(s.outcome()).append("**").append(s.mitigated() ? ", mitigated" : ", not mitigated").append(".\n\n");
        b.append("| fault | reported as | finding | mitigated after |\n|---|---|---|---|\n");
        for (Scorecard.FaultScore f : s.faults()) {
            b.append("| `").append(f.scenario()).append("`: ").append(cell(f.summary())).append(" | ").append(cell(f.report()))
                    .append(" | `").append(f.finding()).append("` | ")
                    .append(duration(f.timeToMitigate(), f.fixableInLab() ? "not mitigated" : "not mitigated (no fix shows in the lab)")).append(" |\n");
        }
        b.append("\n| time to | |\n|---|---|\n");
        b.append("| detect | ").append(duration(s.timeToDetect(), "not detected"))
                .append(s.detectedBy() == null ? "" : " (" + s.detectedBy() + ")").append(" |\n");
        b.append("| acknowledge | ").append(duration(s.timeToAcknowledge(), "not acknowledged")).append(" |\n");
        b.append("| mitigate | ").append(duration(s.timeToMitigate(), "not mitigated")).append(" |\n\n");
        b.append("## Actions\n\n");
        if (s.actions().isEmpty()) {
            b.append("No `pitcrew fix` was applied or refused.\n");
        } else {
            b.append("| audit | after | who | action | result | runbook |\n|---|---|---|---|---|---|\n");
            for (Scorecard.ActionTaken a : s.actions()) {
                b.append("| #").append(a.audit()).append(" | ").append(offset(a.after())).append(" | ").append(cell(a.actor()))
                        .append(" | `").append(a.action()).append("` | ").append(a.result()).append(" | ")
                        .append(a.onPath() ? "on the path" : "off the path").append(" |\n");
            }
        }
        b.append("\nWrong actions: ").append(ids(s.wrongActions())).append(". Refused or failed: ").append(ids(s.refusedActions())).append(".\n");
        for (Scorecard.RunbookPath p : s.runbook()) {
            b.append("\n## The runbook's path: `").append(p.finding()).append("`\n\n").append(p.title()).append("\n\n");
            b.append("Fixes: ").append(p.fix().isEmpty() ? "none pitcrew can apply" : p.fix().stream()
                    .map(x -> "`" + x + "` " + (p.taken().contains(x) ? "taken" : "**missed**")).collect(Collectors.joining(", "))).append("\n\n");
            p.steps().forEach(step -> b.append("1. ").append(step.replace("|", "\\|")).append('\n'));
        }
        return b.toString();
    }

    /** {@code 1m 35s}, or what it means when it did not happen. */
    public static String duration(Long seconds, String never) {
        if (seconds == null) return never;
        long s = seconds;
        if (s < 60) return s + "s";
        if (s < 3600) return s / 60 + "m " + s % 60 + "s";
        return s / 3600 + "h " + s % 3600 / 60 + "m";
    }

    private static String offset(Long after) {
        if (after == null) return "";
        return after < 0 ? "-" + duration(-after, "") : "+" + duration(after, "");
    }

    private static String ids(List<Scorecard.ActionTaken> actions) {
        return actions.isEmpty() ? "none" : actions.stream().map(a -> "#" + a.audit() + " " + a.action() + " (" + a.result() + ")")
                .collect(Collectors.joining(", "));
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replaceAll("\\R", " ");
    }
}
