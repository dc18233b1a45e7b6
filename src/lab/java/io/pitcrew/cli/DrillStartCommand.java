package io.pitcrew.cli;

import io.pitcrew.drill.Drill;
import io.pitcrew.drill.Drills;
import io.pitcrew.drill.ScorecardText;
import io.pitcrew.lab.LabRemote;
import io.pitcrew.lab.Rehearsal;
import io.pitcrew.lab.Rehearsals;
import io.pitcrew.store.Store;
import io.pitcrew.store.StoreException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** {@code pitcrew drill start}: arms a fault on the running lab, in secret. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Arm a fault on the lab running in --dir, injected --after from now (default: at a random moment within "
                + "5 minutes), and record the drill in the store.",
                "Prints what participants would report, never the fault's name: that is for drill end. Two faults at once "
                        + "with --scenario A,B; storage-filling grows over the drill (a stage every 2 minutes)."})
final class DrillStartCommand extends DrillSubcommand {

    /** The longest default delay: long enough that nobody waits for it, short enough for a game day. */
    static final Duration RANDOM_WITHIN = Duration.ofMinutes(5);
    /** Two faults at once are a compound drill; more would rehearse nothing but confusion. */
    static final int MOST_FAULTS = 2;

    @Mixin
    LabDir lab;

    @ArgGroup(exclusive = true)
    Choice choice;

    static final class Choice {
        @Option(names = "--scenario", paramLabel = "S", split = ",", required = true,
                description = "The fault, or two at once (pitcrew lab scenarios lists them; storage-filling is the growing one)")
        List<String> scenarios;

        @Option(names = "--random", required = true, description = "A fault chosen at random among those a fix can take away in the lab (the default)")
        boolean random;
    }

    @Option(names = "--after", paramLabel = "DURATION", converter = DurationOption.Delay.class,
            description = "When the lab injects the fault: 0s at once, 2m, ... (default: a random moment within 5 minutes)")
    Duration after;

    @Option(names = "--as", paramLabel = "NAME", description = "Who runs the drill, for the history (default: the OS user)")
    String actor;

    @Override
    int run() {
        List<Rehearsal> faults = chosen();
        LabRemote remote = lab.remote();
        Duration delay = after != null ? after : Duration.ofSeconds(ThreadLocalRandom.current().nextLong(RANDOM_WITHIN.toSeconds() + 1));
        List<String> names = faults.stream().map(Rehearsal::name).toList();
        PrintWriter out = spec.commandLine().getOut();
        Drill drill;
        try (Store store = storeOptions.open(Store.Access.WRITE, err())) {
            Instant now = Instant.now();
            try {
                drill = new Drills(store).start(now, now.plus(delay), names, lab.absolute(), actor(), d -> arm(remote, d, names, delay));
            } catch (StoreException e) {
                // armed, but not recorded: the lab must not run a drill nobody can end
                remote.endDrill();
                throw e;
            }
            out.println(drill.id() + " armed on the lab in " + drill.lab() + ".");
            out.println(after == null
                    ? "The fault begins within " + RANDOM_WITHIN.toMinutes() + " minutes, at a moment nobody knows."
                    : delay.isZero() ? "The fault begins now."
                    : "The fault begins in " + ScorecardText.duration(delay.toSeconds(), "") + ", at "
                    + DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC).format(drill.injectAt()) + ".");
            out.println(faults.size() == 1 ? "When it does, participants report:" : "When they do, participants report:");
            faults.forEach(f -> out.println("  \"" + f.report() + "\""));
            out.println();
            String db = storeOptions.db == null || storeOptions.db.isBlank() ? "" : " --db " + storeOptions.db;
            out.println("Respond as on the day, with this store" + (db.isEmpty() ? " (the default one)" : "") + ":");
            out.println("  kubectl --kubeconfig " + drill.lab() + "/kubeconfig --context us-east-2 ...");
            out.println("  pitcrew doctor --config " + drill.lab() + "/pitcrew.yaml" + db + "      (serve, incident and fix alike)");
            out.println("  pitcrew drill status --dir " + lab.dir + db + "   whether the fault still stands");
            out.println("  pitcrew drill end --dir " + lab.dir + db + "      reveals it and scores the team");
            out.flush();
        }
        return 0;
    }

    private static void arm(LabRemote remote, Drill d, List<String> names, Duration delay) {
        try {
            remote.armDrill(d.id(), names, delay);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage() + "; end it first: pitcrew drill end --dir " + d.lab()
                    + " (with the store it was started with)");
        }
    }

    private List<Rehearsal> chosen() {
        if (choice == null || choice.random) return List.of(Rehearsals.random(ThreadLocalRandom.current()));
        List<Rehearsal> faults = new ArrayList<>();
        for (String name : new LinkedHashSet<>(choice.scenarios)) {
            String n = name.strip();
            if (n.equals("healthy")) throw new IllegalArgumentException("--scenario healthy: has no fault to rehearse; name a fault (pitcrew lab scenarios)");
            faults.add(Rehearsals.byName(n).orElseThrow(() -> new IllegalArgumentException("--scenario " + n
                    + ": no such scenario; one of " + String.join(", ", Rehearsals.names()))));
        }
        if (faults.size() != choice.scenarios.size()) throw new IllegalArgumentException("--scenario names a fault twice: name each once");
        if (faults.size() > MOST_FAULTS) {
            throw new IllegalArgumentException("--scenario names " + faults.size() + " faults; a drill has one, or " + MOST_FAULTS + " at once");
        }
        return faults;
    }

    private String actor() {
        return actor != null && !actor.isBlank() ? actor.strip() : System.getProperty("user.name", "unknown");
    }
}
