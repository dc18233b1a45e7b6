package io.pitcrew.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pitcrew drill}: a rehearsal of the runbook on a running lab, kept and scored. */
@Command(name = "drill", mixinStandardHelpOptions = true,
        description = {"Rehearse the runbook on a running lab: a fault armed in secret, found and fixed by the team with "
                + "kubectl, doctor, serve, incident and fix, then revealed and scored.",
                "start prints only what participants would report, never the fault's name. The lab injects the fault "
                        + "itself (--after later), grows one that grows, and knows when a fix took it away; end reveals it "
                        + "and scores time to detect, to acknowledge and to mitigate, and the fixes against the runbook's path. "
                        + "Every drill is kept in the store (docs/drills.md)."},
        subcommands = {DrillStartCommand.class, DrillStatusCommand.class, DrillEndCommand.class, DrillHistoryCommand.class},
        footer = {"", "Examples:",
                "  pitcrew lab up --dir lab                                   in a terminal of its own",
                "  pitcrew drill start --dir lab                              a random fault within 5 minutes",
                "  pitcrew drill start --dir lab --scenario storage-filling,litellm-capacity --after 1m",
                "  pitcrew drill status --dir lab",
                "  pitcrew drill end --dir lab -o markdown --out drill.md",
                "  pitcrew drill history",
                "", "Exit codes: 0 done; 2 bad input (an unknown scenario, no lab running in --dir, no drill to end); "
                + "4 the store cannot be used."})
final class DrillCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
