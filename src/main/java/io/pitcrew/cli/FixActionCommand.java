package io.pitcrew.cli;

import io.pitcrew.act.Action;
import io.pitcrew.act.Outcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code pitcrew fix ACTION}: one command per action, made from the action itself (its id, summary and parameters)
 * when {@code fix} is built, so a new action in {@code Actions.ALL} is a command with its own help and options.
 */
@Command(mixinStandardHelpOptions = true, sortOptions = true)
final class FixActionCommand extends FixSubcommand {

    private final Action action;

    @Mixin
    ApplyOptions apply;

    private FixActionCommand(Action action) {
        this.action = action;
    }

    /** The command of {@code action}: its options are the action's parameters and what every fix takes. */
    static CommandSpec of(Action action) {
        CommandSpec spec = CommandSpec.forAnnotatedObject(new FixActionCommand(action));
        spec.name(action.id());
        spec.usageMessage()
                .description(action.summary() + ".",
                        "Without --yes it shows the plan (every object and field, before → after) and changes nothing. With --yes it "
                                + "applies the plan (writes conditional on resourceVersion: never a blind overwrite), waits until it "
                                + "took effect (--wait), records it in the audit log and on the open incident's timeline. Plans beyond "
                                + "bounds: in pitcrew.yaml are refused.")
                .footer("", "Examples:",
                        "  pitcrew fix " + action.id() + "          show the plan",
                        "  pitcrew fix " + action.id() + " --yes    apply it",
                        "", "Exit codes: 0 applied, already in effect or planned; 2 bad input; 3 refused; 4 failed or not verified, "
                                + "or the store cannot be used.");
        ActionOptions.addTo(spec, Optional.of(action));
        return spec;
    }

    @Override
    int answer(PrintWriter out) {
        Outcome outcome = run(action, ActionOptions.read(spec, action, fix.stdin), apply.yes, OptionalLong.empty(), apply.wait);
        out.print(shown(action, outcome));
        return outcome.result().exitCode();
    }
}
