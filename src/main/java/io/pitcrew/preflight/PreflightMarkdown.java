package io.pitcrew.preflight;

import java.util.List;

/** {@code pitcrew preflight -o markdown}: for the workshop's channel or its checklist issue. */
public final class PreflightMarkdown {

    private PreflightMarkdown() {}

    public static String render(PreflightReport report) {
        StringBuilder md = new StringBuilder("## pitcrew preflight: ").append(report.go() ? "go" : "**no-go**").append("\n\n")
                .append(PreflightTable.headline(report)).append("\n\n")
                .append("| check | region | status | detail | fix |\n|---|---|---|---|---|\n");
        for (Item i : report.items()) {
            md.append("| ").append(i.check()).append(" | ").append(i.region() == null ? "-" : i.region()).append(" | ")
                    .append(i.status() == Status.OK ? "ok" : "**" + i.status().id() + "**").append(" | ").append(cell(i.detail()))
                    .append(" | ").append(i.fix() == null ? "" : "`" + i.fix() + "`").append(" |\n");
        }
        if (!report.notAsked().isEmpty()) {
            md.append("\nCould not ask:\n\n");
            report.notAsked().forEach(g -> md.append("- ").append(g).append('\n'));
        }
        List<String> fixes = report.fixes();
        if (!fixes.isEmpty()) {
            md.append("\nTo make it ready (each shows its plan; `--yes` applies), then run preflight again:\n\n```\n");
            fixes.forEach(f -> md.append(f).append('\n'));
            md.append("```\n");
        }
        md.append("\n_").append(PreflightTable.summary(report)).append("_\n");
        return md.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|");
    }
}
