package io.pitcrew.cli;

import io.pitcrew.act.Action;
import io.pitcrew.act.Outcome;
import io.pitcrew.act.PlanReport;
import io.pitcrew.act.Suggestions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.PrintWriter;
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

    @Parameters(index = "0", paramLabel = "TYPE/CAUSE|-", description = "The finding (incidentType/cause), or - for doctor's JSON report on stdin")
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
        List<Action> actions = Suggestions.forFinding(finding).orElseThrow(() -> new IllegalArgumentException(
                "--from-finding " + finding + ": pitcrew has no action for this finding; findings with actions: "
                        + String.join(", ", Suggestions.all().keySet())));
        OutputFormat format = output.format();
        if (!format.isData()) {
            out.println(finding + " — the runbook's resolution:");
            for (Action a : actions) out.println("  pitcrew fix " + a.id() + "    " + a.summary());
            out.println();
        }
        int exit = 0;
        List<Map<String, Object>> plans = new ArrayList<>();
        for (Action a : actions) {
            try {
                Outcome outcome = run(a, ActionOptions.read(spec, a, fix.stdin), false, OptionalLong.empty(), ApplyOptions.WAIT);
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

    /**
     * {@code pitcrew doctor -o json | pitcrew fix from-finding -}: for every finding of the report, the fix commands
     * its resolution calls for, with what the evidence names filled in (the pod to delete, the region to restart).
     */
    private int fromReport(PrintWriter out) {
        JsonNode report;
        try {
            report = JsonMapper.builder().build().readTree(fix.stdin);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--from-finding -: stdin is not doctor's JSON report (pitcrew doctor -o json)");
        }
        if (!report.path("findings").isArray()) {
            throw new IllegalArgumentException("--from-finding -: stdin has no findings list (pitcrew doctor -o json)");
        }
        OutputFormat format = output.format();
        List<Map<String, Object>> fixes = new ArrayList<>();
        int offered = 0;
        for (var f : report.path("findings")) {
            String id = f.path("incidentType").asString("") + "/" + f.path("cause").asString("");
            Optional<List<Action>> actions = Suggestions.forFinding(id);
            if (actions.isEmpty()) continue;
            List<String> regions = stringsOf(f.path("regions"));
            List<String> commands = new ArrayList<>();
            for (Action a : actions.get()) {
                for (String args : argumentsFor(a, f)) commands.add("pitcrew fix " + a.id() + args);
            }
            offered += commands.size();
            Map<String, Object> fix = new LinkedHashMap<>();
            fix.put("finding", id);
            fix.put("regions", regions);
            fix.put("commands", commands);
            fixes.add(fix);
            if (!format.isData()) {
                out.println(id + " [" + String.join(", ", regions) + "]:");
                commands.forEach(c -> out.println("  " + c));
            }
        }
        if (format.isData()) out.print(format.write(Map.of("fixes", fixes)));
        else if (offered == 0) out.println("no finding in the report has a pitcrew fix action");
        return 0;
    }

    /** The options the evidence fills in: one delete per evidence pod, a restart per region. */
    private static List<String> argumentsFor(Action action, JsonNode finding) {
        return Suggestions.parametersFor(action, finding).stream().map(p -> {
            StringBuilder b = new StringBuilder();
            p.forEach((k, v) -> b.append(k.equals("namespace") ? " -n " : " --" + k + " ").append(v));
            return b.toString();
        }).toList();
    }

    private static List<String> stringsOf(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }
}
