package io.pitcrew.cli;

import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.runbook.Runbook;
import io.pitcrew.runbook.RunbookRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** The runbook as data: render it, or validate a directory of extra incident types. */
@Command(name = "runbook", mixinStandardHelpOptions = true,
        description = "The runbook pitcrew runs on: incident types, causes and steps, kept as YAML in the jar.",
        subcommands = {RunbookCommand.Render.class, RunbookCommand.Check.class})
final class RunbookCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "render", mixinStandardHelpOptions = true,
            description = {"Write the runbook as Markdown (docs/runbook.md is this output).",
                    "Includes your own incident types with --runbook-dir or runbookDir in pitcrew.yaml."})
    static final class Render implements Callable<Integer> {
        @Mixin
        PlatformOptions platform;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of standard output")
        Path output;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PitcrewConfig config = platform.loadConfig().config();
            Runbook runbook = platform.loadRunbook(config);
            String md = new RunbookRenderer(config.names()).render(runbook);
            if (output == null) {
                spec.commandLine().getOut().print(md);
            } else {
                // Write beside and move, so a failed write never leaves half a runbook.
                Path tmp = Files.createTempFile(output.toAbsolutePath().getParent(), ".runbook", ".md");
                Files.writeString(tmp, md);
                Files.move(tmp, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                spec.commandLine().getErr().println("wrote " + output + " (" + runbook.types().size() + " incident types)");
            }
            return 0;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate the runbook with your extra incident types; every problem with its file and line.")
    static final class Check implements Callable<Integer> {
        @Mixin
        PlatformOptions platform;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Runbook runbook = platform.loadRunbook(platform.loadConfig().config());
            long causes = runbook.types().stream().mapToLong(t -> t.causes().size()).sum();
            long detected = runbook.types().stream().flatMap(t -> t.causes().stream()).filter(c -> c.detect().isPresent()).count();
            spec.commandLine().getOut().printf("runbook ok: %d incident types, %d causes (%d detected by pitcrew)%n",
                    runbook.types().size(), causes, detected);
            runbook.types().forEach(t -> spec.commandLine().getOut().printf("  %-22s %d causes  (%s)%n", t.id(), t.causes().size(), t.source()));
            return 0;
        }
    }
}
