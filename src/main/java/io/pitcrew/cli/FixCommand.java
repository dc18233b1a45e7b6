package io.pitcrew.cli;

import io.pitcrew.act.Action;
import io.pitcrew.act.Actions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code pitcrew fix}: the runbook's resolutions, planned first, applied only with --yes, verified and recorded. One
 * command per action ({@link FixActionCommand}, made from the actions), and {@code list}, {@code audit},
 * {@code revert}, {@code from-finding}. The flags these were before ({@code --list}, {@code --audit},
 * {@code --revert ID}, {@code --from-finding X}) still work for one release: said once, then run as the new spelling.
 */
@Command(name = "fix", mixinStandardHelpOptions = true, modelTransformer = FixCommand.Commands.class,
        commandListHeading = "%nCommands (an action shows its plan; with --yes it applies it):%n",
        description = {"Apply one of the runbook's resolutions safely: plan, show, confirm, apply, verify, record.",
                "Each action is a command. Without --yes it shows the plan (every object and field, before → after) and changes "
                        + "nothing. With --yes it applies the plan (writes conditional on resourceVersion: never a blind overwrite), "
                        + "waits until it took effect, and records it in the audit log. Plans beyond bounds: in pitcrew.yaml are refused."},
        footer = {"", "Examples:",
                "  pitcrew fix scale-provisioners                       show the plan",
                "  pitcrew fix scale-provisioners --yes                 apply it",
                "  pitcrew fix pause-key-rotation --for 4h --yes        pause the key rotator, resume due in 4 h",
                "  pitcrew fix scale-provisioners --help                the action's options",
                "  pitcrew fix list                                     every action and its options",
                "  pitcrew fix audit                                    the latest rows of the audit log",
                "  pitcrew fix revert 12 --yes                          undo audit row 12",
                "  pitcrew fix from-finding resource-contention/insufficient-provisioners",
                "  pitcrew doctor -o json | pitcrew fix from-finding -",
                "", "--list, --audit, --revert ID and --from-finding X still work until the next release, with a notice.",
                "", "Exit codes: 0 applied, already in effect or planned; 2 bad input; 3 refused; 4 failed or not verified, or the store cannot be used."})
final class FixCommand implements Callable<Integer> {

    /** The commands beside the actions, in the order help lists them (after the actions). */
    static final List<String> COMMANDS = List.of("list", "audit", "revert", "from-finding");

    // The old spellings, for one release.
    @Option(names = "--list", hidden = true) boolean list;
    @Option(names = "--audit", hidden = true) boolean audit;
    @Option(names = "--from-finding", hidden = true) String fromFinding;
    @Option(names = "--revert", hidden = true) String revert;

    /** What came with an old spelling (its options), or a word that is no action. */
    @Unmatched
    List<String> rest = new ArrayList<>();

    /** Where --from-stdin and from-finding - read; tests replace it. */
    InputStream stdin = System.in;

    @Spec
    CommandSpec spec;

    /** Builds the commands: one per action, from the action, then the others. */
    static final class Commands implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec fix) {
            for (Action a : Actions.ALL) fix.addSubcommand(a.id(), new CommandLine(FixActionCommand.of(a)));
            fix.addSubcommand("list", new CommandLine(new FixListCommand()));
            fix.addSubcommand("audit", new CommandLine(new FixAuditCommand()));
            fix.addSubcommand("revert", new CommandLine(new FixRevertCommand()));
            fix.addSubcommand("from-finding", new CommandLine(FixFromFindingCommand.of()));
            return fix;
        }
    }

    @Override
    public Integer call() {
        List<String> now = new ArrayList<>();
        String old;
        if (list) {
            old = "--list";
            now.add("list");
        } else if (audit) {
            old = "--audit";
            now.add("audit");
        } else if (fromFinding != null) {
            old = "--from-finding " + fromFinding;
            now.addAll(List.of("from-finding", fromFinding));
        } else if (revert != null) {
            old = "--revert " + revert;
            now.addAll(List.of("revert", revert));
        } else if (!rest.isEmpty() && !rest.getFirst().startsWith("-")) {
            throw new IllegalArgumentException("unknown action '" + rest.getFirst() + "'; actions: " + String.join(", ", Actions.ids())
                    + "; or " + String.join(", ", COMMANDS));
        } else {
            throw new IllegalArgumentException("name an action (pitcrew fix list shows them), or " + String.join(", ", COMMANDS)
                    + " (pitcrew fix --help)");
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("warning: pitcrew fix " + old + " is now pitcrew fix " + String.join(" ", now) + " (the old spelling goes in the next release)");
        err.flush();
        now.addAll(rest);
        return spec.commandLine().execute(now.toArray(String[]::new));
    }

    /**
     * A fix command runs with its own options only: {@code pitcrew fix --db x.db scale-provisioners} gave --db to
     * {@code fix}, where nothing reads it (an audit row in the wrong store, a fix not applied), so it is refused.
     */
    static void requireNothingBefore(CommandSpec command) {
        ParseResult above = command.parent().commandLine().getParseResult();
        List<String> before = new ArrayList<>();
        above.matchedOptions().forEach(o -> {
            before.add(o.longestName());
            if (!o.typeInfo().isBoolean()) before.addAll(o.stringValues());
        });
        before.addAll(above.unmatched());
        if (before.isEmpty()) return;
        String options = String.join(" ", before);
        throw new IllegalArgumentException("pitcrew fix " + options + " " + command.name() + ": options go after the command, as in pitcrew fix "
                + command.name() + " " + options);
    }
}
