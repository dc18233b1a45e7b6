package io.pitcrew.cli;

import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.runbook.Runbook;
import io.pitcrew.runbook.RunbookRenderer;
import io.pitcrew.text.Columns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

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
                    "Includes your own incident types with --runbook-dir or runbookDir in pitcrew.yaml."},
            footer = {"", "Examples:", "  pitcrew runbook render --out docs/runbook.md",
                    "", "-o FILE, the old spelling of --out FILE, still works in this release, with a warning."})
    static final class Render implements Callable<Integer> {
        @Mixin
        PlatformOptions platform;

        @Mixin
        OutputOptions output;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            output.writer(); // an --out that cannot be written is said before the runbook is read
            PitcrewConfig config = platform.loadConfig().config();
            Runbook runbook = platform.loadRunbook(config);
            String md = new RunbookRenderer(config.names()).render(runbook);
            output.writer().print(md);
            output.finish(" (" + runbook.types().size() + " incident types)");
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
            Columns types = Columns.plain();
            runbook.types().forEach(t -> types.row(t.id(), t.causes().size() + " causes", "(" + t.source() + ")"));
            spec.commandLine().getOut().print(types.render("  "));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
