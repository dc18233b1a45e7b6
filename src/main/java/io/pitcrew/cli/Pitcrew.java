package io.pitcrew.cli;

import com.sun.management.OperatingSystemMXBean;
import io.pitcrew.redact.ScrubbedOutput;
import io.pitcrew.store.StoreException;
import io.pitcrew.yaml.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/** The {@code pitcrew} command: the workshop incident runbook, executable. */
@Command(name = "pitcrew",
        mixinStandardHelpOptions = true,
        versionProvider = Pitcrew.Version.class,
        description = {
                "The workshop incident runbook, executable: finds what is wrong in every region at once and says "
                        + "which incident, which cause, with evidence and the runbook's next steps.",
                "",
                "Start here:  pitcrew demo            (a simulated 3-region platform with a live fault, diagnosed)",
                "Then:        pitcrew doctor          (your platform, from your kubeconfig and pitcrew.yaml)",
                "Before:      pitcrew preflight       (go / no-go for a workshop: --participants 40 --start 10:00)",
                "Fix:         pitcrew fix ACTION      (the runbook's resolutions: dry run first, --yes applies)",
                "Incident:    pitcrew incident declare (timeline, notifications, checklist; then pitcrew retro)",
                "Serve:       pitcrew serve           (the same diagnosis continuously, over an HTTP API)"},
        footer = {"", "Exit codes: 0 healthy, 1 findings at or above --fail-on, 2 usage or configuration error,",
                "4 the store cannot be used (locked, not writable, not a store, its server unreachable).",
                "The lab (pitcrew demo, pitcrew lab, pitcrew drill) comes with pitcrew-lab.jar; ./pitcrew runs it in a source checkout.",
                "Docs: README.md and docs/ (runbook.md, configuration.md, findings.md)."})
public final class Pitcrew implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // The PostgreSQL driver logs what it then throws (a bad port in --db): the exception is said once, as a problem.
    // Held here because java.util.logging keeps loggers only weakly, and a collected one forgets its level.
    private static final Logger POSTGRES = Logger.getLogger("org.postgresql");

    /** The commands that come with the lab (pitcrew-lab.jar, {@link PitcrewLab}), named when they are not here. */
    static final List<String> LAB_COMMANDS = List.of("demo", "lab", "drill");

    /** pitcrew's commands, in the order its help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(DoctorCommand.class, PreflightCommand.class, FixCommand.class, ServeCommand.class,
            IncidentCommand.class, RetroCommand.class, ConfigCommand.class, RunbookCommand.class, CompletionCommand.class,
            CommandLine.HelpCommand.class);

    /** Commands that read the whole command tree: help lists or explains the others, completion writes them all. */
    private static final Set<String> WHOLE_TREE = Set.of("help", "completion");

    public static void main(String[] args) {
        Phases.end("main");
        guardProcess();
        System.exit(commandLine(List.of(), args).execute(args));
    }

    /** What every pitcrew process sets up before a command runs: output scrubbing, quiet logs, optional stats. */
    static void guardProcess() {
        // the last guard: whatever anything prints is scrubbed of the credentials pitcrew sends (redact.Credentials)
        System.setOut(ScrubbedOutput.of(System.out));
        System.setErr(ScrubbedOutput.of(System.err));
        POSTGRES.setLevel(Level.OFF);
        Logger.getLogger("").setLevel(Level.WARNING);
        if ("true".equals(System.getenv("PITCREW_STATS"))) Runtime.getRuntime().addShutdownHook(new Thread(Pitcrew::printStats));
    }

    /** For bench/doctor-sweep.sh: CPU time and peak heap of this JVM, on stderr. */
    private static void printStats() {
        long heapPeak = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long cpuNanos = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        System.err.printf("stats: cpu=%dms heapPeak=%dMB%n", cpuNanos / 1_000_000, heapPeak / (1024 * 1024));
        System.err.println(Phases.line());
    }

    /** The command line with pitcrew's error handling: bad input is exit 2 with what, where and how to fix. */
    public static CommandLine commandLine() {
        return commandLine(List.of());
    }

    /** With more commands (the lab's, from {@link PitcrewLab}), given the same settings and error handling. */
    static CommandLine commandLine(List<Object> moreCommands) {
        return commandLine(moreCommands, new String[0]);
    }

    /**
     * The command line that runs {@code line}: when it names a command, only that command is built. picocli reads a
     * command's options from its class (fields, methods, mixins, converters) when the command is added, so building
     * all of them cost every run about as much as building its own again (measured: docs/benchmarks.md#start-up).
     * Without a command (--help, an unknown word, help, completion) it is all of them, as their help, suggestions
     * and completion script need; {@code --version} alone needs none.
     */
    static CommandLine commandLine(List<Object> moreCommands, String[] line) {
        CommandLine cli = new CommandLine(new Pitcrew());
        String first = line.length == 0 ? "" : line[0];
        boolean versionOnly = line.length == 1 && (first.equals("--version") || first.equals("-V"));
        boolean named = Stream.concat(COMMANDS.stream(), moreCommands.stream().map(Object::getClass)).anyMatch(c -> name(c).equals(first));
        boolean one = named && !WHOLE_TREE.contains(first);
        for (Class<?> command : COMMANDS) {
            // a command line of its own, as picocli runs a command's model transformer only then (fix makes a command per action)
            if (!versionOnly && (!one || name(command).equals(first))) cli.addSubcommand(new CommandLine(command));
        }
        for (Object command : moreCommands) {
            if (!versionOnly && (!one || name(command.getClass()).equals(first))) cli.addSubcommand(command);
        }
        cli.setUsageHelpWidth(100);
        Formats.describeIn(cli);
        // A mistyped option is one line naming it, the value and what it takes, not the whole usage after it.
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            if (isLabCommandMissing(e)) {
                c.getErr().println("error: pitcrew " + args[0] + " comes with the lab, which this jar does not carry");
                c.getErr().println("    fix: java -jar pitcrew-lab.jar " + args[0] + " (pitcrew-lab.jar beside pitcrew.jar), "
                        + "or ./pitcrew " + args[0] + " in a source checkout");
                c.getErr().flush();
                return c.getCommandSpec().exitCodeOnInvalidInput();
            }
            c.getErr().println("error: " + e.getMessage().replaceFirst("^Error: ", ""));
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, c.getErr())) {
                c.getErr().println("    fix: " + c.getCommandSpec().qualifiedName() + " --help shows its options");
            }
            c.getErr().flush();
            return c.getCommandSpec().exitCodeOnInvalidInput();
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof InvalidInputException invalid) {
                invalid.problems().forEach(p -> commandLine.getErr().println("error: " + p.render()));
                return 2;
            }
            if (e instanceof StoreException failed) {
                // 4, as for a fix that failed: the input was fine, the store is not
                commandLine.getErr().println("error: " + StoreOptions.problem(failed).render());
                commandLine.getErr().flush();
                return 4;
            }
            if (e instanceof IllegalArgumentException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }

    /** {@code pitcrew demo} on the production jar: the lab's commands are not registered, so say where they are. */
    private static boolean isLabCommandMissing(CommandLine.ParameterException e) {
        return e instanceof CommandLine.UnmatchedArgumentException unmatched
                && e.getCommandLine().getParent() == null
                && !unmatched.getUnmatched().isEmpty()
                && LAB_COMMANDS.contains(unmatched.getUnmatched().getFirst())
                && !e.getCommandLine().getSubcommands().containsKey(unmatched.getUnmatched().getFirst());
    }

    /** A command's name, as its annotation gives it (and picocli reads it). */
    private static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The build (from the jar's manifest), then the Java it runs on: what a bug report needs. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {Build.running().describe(),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("java.home") + ")"};
        }
    }
}
