package io.pitcrew.cli;

import io.pitcrew.act.Action;
import io.pitcrew.act.Actions;
import io.pitcrew.act.Outcome;
import io.pitcrew.act.Parameters;
import io.pitcrew.act.PlanReport;
import io.pitcrew.doctor.DoctorReport;
import io.pitcrew.doctor.ReportJson;
import io.pitcrew.runbook.Cause;
import io.pitcrew.runbook.Finding;
import io.pitcrew.runbook.Fix;
import io.pitcrew.runbook.Runbook;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code pitcrew fix from-finding TYPE/CAUSE}: the actions a finding calls for, and their plans; with {@code -},
 * doctor's JSON report on stdin and the fix commands for every finding, the evidence filled in.
 */
@Command(name = "from-finding", mixinStandardHelpOptions = true, sortOptions = true,
        description = {"Show the actions a finding calls for and their plans (nothing is changed).",
                "TYPE/CAUSE as doctor -o json prints them; '-' reads doctor's JSON report from stdin and prints the fix "
                        + "commands for every finding, with what its evidence names filled in (the pod to delete, the region "
                        + "to restart)."},
        footer = {"", "Examples:",
                "  pitcrew fix from-finding provisioner-failures/insufficient-provisioners",
                "  pitcrew doctor -o json | pitcrew fix from-finding -",
                "", "Exit codes: 0 planned or in effect; 2 bad input; 3 a plan is refused; 4 the store cannot be used."})
final class FixFromFindingCommand extends FixSubcommand {

    @CommandLine.Parameters(index = "0", paramLabel = "TYPE/CAUSE|-", description = "The finding (incidentType/cause), or - for doctor's JSON report on stdin")
    String finding;

    /** The command, with every action's parameters hidden: one given here goes to the plans of the actions that take it. */
    static CommandSpec of() {
        CommandSpec spec = CommandSpec.forAnnotatedObject(new FixFromFindingCommand());
        ActionOptions.addTo(spec, Optional.empty());
        return spec;
    }

    @Override
    int answer(PrintWriter out) {
        if (finding.equals("-")) return fromReport(out);
        // the user's incident types too: theirs may name a built-in action
        Runbook runbook = platform.loadRunbook(platform.loadConfig().config());
        List<Fix> fixes = runbook.cause(finding).map(Cause::fix).filter(f -> !f.isEmpty())
                .orElseThrow(() -> new IllegalArgumentException("from-finding " + finding
                        + ": pitcrew has no action for this finding; findings with actions: " + String.join(", ", runbook.fixable())));
        OutputFormat format = output.format();
        if (!format.isData()) {
            out.println(finding + " — the runbook's resolution:");
            for (Fix f : fixes) out.println("  pitcrew fix " + f.action() + "    " + action(f).summary());
            out.println();
        }
        int exit = 0;
        List<Map<String, Object>> plans = new ArrayList<>();
        for (Fix f : fixes) {
            Action a = action(f);
            try {
                Outcome outcome = run(a, withWritten(f, ActionOptions.read(spec, a, fix.stdin)), false, OptionalLong.empty(), ApplyOptions.WAIT);
                exit = Math.max(exit, outcome.result().exitCode());
                if (format.isData()) plans.add(PlanReport.document(outcome));
                else out.print(PlanReport.table(a, outcome));
            } catch (IllegalArgumentException needsInput) {
                // e.g. delete-workspace-pod needs --pod: the finding's evidence names the pods
                if (format.isData()) plans.add(Map.of("action", a.id(), "needs", needsInput.getMessage()));
                else out.println(a.id() + ": " + needsInput.getMessage());
            }
        }
        if (format.isData()) out.print(format.write(Map.of("finding", finding, "plans", plans)));
        return exit;
    }

    /** The action a fix names: the runbook loader let only actions of {@code FixAction.ALL} through, and those are {@link Actions#ALL}. */
    private static Action action(Fix fix) {
        return Actions.byId(fix.action()).orElseThrow();
    }

    /**
     * The options given, over the values the runbook writes for this fix ({@code replicas: "12"}); those it fills in
     * from a finding's evidence ({@code "{pod}"}) have no finding to come from here.
     */
    private static Parameters withWritten(Fix fix, Parameters given) {
        Map<String, String> values = new LinkedHashMap<>();
        fix.fill(List.of(), List.of()).stream().findFirst().ifPresent(values::putAll);
        values.putAll(given.values());
        return new Parameters(values, given.secrets());
    }

    /**
     * {@code pitcrew doctor -o json | pitcrew fix from-finding -}: for every finding of the report, the fix commands
     * its resolution calls for, with what the evidence names filled in (the pod to delete, the region to restart).
     */
    private int fromReport(PrintWriter out) {
        DoctorReport report;
        try {
            report = ReportJson.read(new String(fix.stdin.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("from-finding -: cannot read stdin: " + e.getMessage());
        } catch (ReportJson.NotAReport e) {
            throw new IllegalArgumentException("from-finding -: stdin is not doctor's JSON report (pitcrew doctor -o json): " + e.getMessage());
        }
        OutputFormat format = output.format();
        List<Map<String, Object>> fixes = new ArrayList<>();
        int offered = 0;
        for (Finding f : report.findings()) {
            if (f.fixes().isEmpty()) continue;
            List<String> commands = f.fixes().stream().flatMap(fix -> fix.commandLines().stream()).toList();
            offered += commands.size();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("finding", f.key());
            entry.put("regions", f.regions());
            entry.put("commands", commands);
            fixes.add(entry);
            if (!format.isData()) {
                out.println(f.key() + " [" + String.join(", ", f.regions()) + "]:");
                commands.forEach(c -> out.println("  " + c));
            }
        }
        if (format.isData()) out.print(format.write(Map.of("fixes", fixes)));
        else if (offered == 0) out.println("no finding in the report has a pitcrew fix action");
        return 0;
    }
}
