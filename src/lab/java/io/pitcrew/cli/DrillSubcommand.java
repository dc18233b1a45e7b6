package io.pitcrew.cli;

import io.pitcrew.drill.Drill;
import io.pitcrew.drill.Drills;
import io.pitcrew.lab.LabRemote;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** What every {@code pitcrew drill} subcommand shares: the store the drills are kept in, the lab, errors said once. */
abstract class DrillSubcommand implements Callable<Integer> {

    @Mixin
    StoreOptions storeOptions;

    @Spec
    CommandSpec spec;

    /** The lab's directory ({@code --dir}), for the commands that talk to it. */
    static final class LabDir {
        @Option(names = "--dir", paramLabel = "D", defaultValue = "./lab",
                description = "Directory of the running lab, as given to pitcrew lab up (default: ${DEFAULT-VALUE})")
        Path dir;

        /** The running lab's control; bad input (exit 2) when none runs there. */
        LabRemote remote() {
            try {
                return LabRemote.in(dir);
            } catch (LabRemote.NotRunning e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }

        String absolute() {
            return dir.toAbsolutePath().normalize().toString();
        }

        /** The drill runs on this lab: another --dir is a mistake to say, not a lab to ask. */
        void holds(Drill d) {
            if (!d.lab().equals(absolute())) {
                throw new IllegalArgumentException(d.id() + " runs on the lab in " + d.lab() + ", not in " + absolute()
                        + ": give --dir " + d.lab());
            }
        }
    }

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (LabRemote.NotRunning e) {
            // the lab went away while the command talked to it
            throw new IllegalArgumentException(e.getMessage());
        } finally {
            err().flush();
        }
    }

    abstract int run();

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The running drill of the store; bad input when none runs, with what to do instead. */
    static Drill running(Drills drills, String store, String what) {
        return drills.running().orElseThrow(() -> new IllegalArgumentException("no drill is running in " + store + ": " + what
                + " (pitcrew drill start --dir LAB starts one; pitcrew drill history lists the past ones)"));
    }
}
