package io.pitcrew.cli;

import io.pitcrew.act.Action;
import io.pitcrew.act.Outcome;
import io.pitcrew.act.Parameters;
import io.pitcrew.act.PlanReport;
import io.pitcrew.act.Platform;
import io.pitcrew.act.SafePath;
import io.pitcrew.incident.ActionsTaken;
import io.pitcrew.incident.Incidents;
import io.pitcrew.store.Store;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

/**
 * What the {@code pitcrew fix} commands that plan share (an action, {@code revert}, {@code from-finding}): the platform,
 * the store, who acts, the incident, the output, and the one way a plan goes: through {@link SafePath}, audited, then
 * on the incident's timeline.
 */
abstract class FixSubcommand implements Callable<Integer> {

    @ParentCommand
    FixCommand fix;

    @Mixin
    PlatformOptions platform;

    @Option(names = "--as", paramLabel = "NAME", description = "Who applies it, for the audit log (default: the OS user)")
    String actor;

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    OutputOptions output;

    @Option(names = "--incident", paramLabel = "INC-n",
            description = "The incident whose timeline records this fix (default: the only open incident, if there is one)")
    String incident;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        FixCommand.requireNothingBefore(spec);
        PrintWriter out = output.writer();
        int exit = answer(out);
        output.finish();
        return exit;
    }

    /** Prints the command's result; the exit code. */
    abstract int answer(PrintWriter out);

    /** The plan and what came of it, in the format asked for. */
    String shown(Action action, Outcome outcome) {
        OutputFormat format = output.format();
        return format.isData() ? format.write(PlanReport.document(outcome)) : PlanReport.table(action, outcome);
    }

    Outcome run(Action action, Parameters parameters, boolean apply, OptionalLong reverts, Duration wait) {
        PlatformOptions.Loaded loaded = platform.loadConfig();
        PrintWriter err = spec.commandLine().getErr();
        // The store is opened before anything is planned, so a fix is never applied without its audit log.
        try (Store store = storeOptions.open(Store.Access.WRITE, err);
             Platform p = Platform.connect(loaded.config(), platform.loadKubeconfig(loaded))) {
            SafePath path = new SafePath(p, store.audit(), actor(), wait, line -> {
                err.println(line);
                err.flush();
            }, Clock.systemUTC());
            // a mistyped --incident is bad input before anything is changed, not an error after
            if (incident != null) new Incidents(store, Clock.systemUTC()).get(incident);
            Outcome outcome = path.run(action, parameters, apply, reverts);
            // The incident log records the fix by itself; the fix is done and audited whatever happens here.
            ActionsTaken.record(new Incidents(store, Clock.systemUTC()), Optional.ofNullable(incident), outcome, actor(), line -> {
                err.println(line);
                err.flush();
            });
            return outcome;
        }
    }

    private String actor() {
        return actor != null && !actor.isBlank() ? actor : System.getProperty("user.name", "unknown");
    }
}
