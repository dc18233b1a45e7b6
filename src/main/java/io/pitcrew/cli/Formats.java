package io.pitcrew.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.List;
import java.util.ListResourceBundle;
import java.util.Map;
import java.util.Optional;

import static io.pitcrew.cli.OutputFormat.JSON;
import static io.pitcrew.cli.OutputFormat.MARKDOWN;
import static io.pitcrew.cli.OutputFormat.TABLE;
import static io.pitcrew.cli.OutputFormat.WIDE;
import static io.pitcrew.cli.OutputFormat.YAML;

/**
 * The one list of which {@code -o} formats each command has, its default first, and what is said when a value is not
 * one of them.
 *
 * @param oldFileSpelling the command took {@code -o FILE} before {@code --out FILE} (retro, runbook render): a value
 *                        that is no format and looks like a path still writes there, with a notice, for one release
 */
record Formats(List<OutputFormat> accepted, boolean oldFileSpelling) {

    /** What a diagnosis is: a table for people, wider, data for scripts, Markdown for an issue. */
    private static final Formats REPORT = new Formats(List.of(TABLE, WIDE, JSON, YAML, MARKDOWN), false);
    /** Plans, audit rows, incidents: a table, or the records as data. */
    private static final Formats RECORDS = new Formats(List.of(TABLE, JSON, YAML), false);
    /** A go / no-go: a table for the host, data for scripts, Markdown for the workshop's channel. */
    private static final Formats CHECKLIST = new Formats(List.of(TABLE, JSON, MARKDOWN), false);
    /** A drill's score: a table, the score as data, or Markdown for the team's notes. */
    private static final Formats SCORE = new Formats(List.of(TABLE, JSON, YAML, MARKDOWN), false);
    /** A document written in Markdown and nothing else. */
    private static final Formats DOCUMENT = new Formats(List.of(MARKDOWN), true);

    /** By the command's path under {@code pitcrew}; a command's subcommands share its entry ({@code incident show}). */
    private static final Map<String, Formats> BY_COMMAND = Map.of(
            "doctor", REPORT,
            "demo", REPORT,
            "fix", RECORDS,
            "preflight", CHECKLIST,
            "incident", RECORDS,
            "drill", RECORDS,
            "drill end", SCORE,
            "retro", DOCUMENT,
            "runbook render", DOCUMENT);

    /** The key of {@code -o}'s description in each command's messages: see {@link #describeIn}. */
    static final String DESCRIPTION_KEY = "pitcrew.output";

    static Formats of(CommandSpec command) {
        for (String path = path(command); !path.isEmpty(); path = path.contains(" ") ? path.substring(0, path.lastIndexOf(' ')) : "") {
            Formats f = BY_COMMAND.get(path);
            if (f != null) return f;
        }
        throw new IllegalStateException(command.qualifiedName() + " has -o but no entry in Formats");
    }

    OutputFormat defaultFormat() {
        return accepted.getFirst();
    }

    /** {@code -o VALUE} when this command has that format. */
    Optional<OutputFormat> choose(String value) {
        return OutputFormat.named(value).filter(accepted::contains);
    }

    /** The refusal: what was typed, whose it is not, what is. */
    String refusal(String value, CommandSpec command) {
        return "-o " + value + ": not a format of " + command.qualifiedName() + "; use "
                + (accepted.size() == 1 ? accepted.getFirst().id() : "one of " + String.join(", ", ids()))
                + (oldFileSpelling ? " (--out FILE writes to a file)" : "");
    }

    /** "table (default), wide, json, yaml or markdown". */
    String description() {
        List<String> ids = ids();
        if (ids.size() == 1) return ids.getFirst() + " (the only format)";
        return ids.getFirst() + " (default), " + String.join(", ", ids.subList(1, ids.size() - 1))
                + (ids.size() > 2 ? " or " : "") + ids.getLast();
    }

    List<String> ids() {
        return accepted.stream().map(OutputFormat::id).toList();
    }

    /**
     * Each command's help names its own formats: {@code -o} is one option shared by every command, and an annotation's
     * description is one text, so it is looked up by {@link #DESCRIPTION_KEY} in messages set here per command.
     */
    static void describeIn(CommandLine cli) {
        CommandSpec spec = cli.getCommandSpec();
        OptionSpec output = spec.findOption("--output");
        if (output != null) {
            Formats formats = of(spec);
            String text = "The output format: " + formats.description();
            spec.resourceBundle(new ListResourceBundle() {
                @Override
                protected Object[][] getContents() {
                    return new Object[][] {{DESCRIPTION_KEY, text}};
                }
            });
            // and shell completion offers this command's formats (pitcrew doctor -o <TAB>), not every format
            spec.remove(output);
            spec.addOption(OptionSpec.builder(output).completionCandidates(formats.ids()).build());
        }
        cli.getSubcommands().values().forEach(Formats::describeIn);
    }

    private static String path(CommandSpec command) {
        String name = command.qualifiedName();
        int space = name.indexOf(' ');
        return space < 0 ? "" : name.substring(space + 1);
    }
}
