package io.pitcrew.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code -o/--output FORMAT} and {@code --out FILE}, the same on every command that prints a result: {@code -o} names a
 * format (as kubectl's does), never a file; {@code --out} writes the output to a file, whole or not at all.
 */
final class OutputOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the output to FILE instead of standard output: whole or not at all (written beside it, then renamed over it)")
    Path out;

    private OutputFormat format;
    private Path oldSpelling;
    private StringWriter buffer;
    private PrintWriter writer;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", descriptionKey = Formats.DESCRIPTION_KEY,
            description = "The output format")
    void output(String value) {
        Formats formats = Formats.of(command);
        Optional<OutputFormat> chosen = formats.choose(value);
        if (chosen.isPresent()) {
            format = chosen.get();
        } else if (formats.oldFileSpelling() && OutputFormat.named(value).isEmpty() && looksLikePath(value)) {
            // retro and runbook render took -o FILE before --out FILE: kept for one release, said on every use
            oldSpelling = Path.of(value);
            command.commandLine().getErr().println("warning: -o " + value + ": -o FILE is now --out FILE; -o names a format "
                    + "(the old spelling goes in the next release)");
            command.commandLine().getErr().flush();
        } else {
            throw new ParameterException(command.commandLine(), formats.refusal(value, command));
        }
    }

    OutputFormat format() {
        return format != null ? format : Formats.of(command).defaultFormat();
    }

    /**
     * Where the command prints its result: standard output, or with {@code --out} a buffer that {@link #finish}
     * writes to the file. Asked first thing, so a file that cannot be written is said before any work.
     */
    PrintWriter writer() {
        if (writer == null) {
            Optional<OutFile> file = file();
            if (file.isEmpty()) {
                writer = command.commandLine().getOut();
            } else {
                file.get().check();
                buffer = new StringWriter();
                writer = new PrintWriter(buffer);
            }
        }
        return writer;
    }

    /** The whole result at once. */
    void print(String text) {
        writer().print(text);
        finish();
    }

    /** With {@code --out}: writes what was printed to the file, and says so on stderr. */
    void finish() {
        finish("");
    }

    /** @param what said after the file's name ("wrote retro.md" + what) */
    void finish(String what) {
        writer().flush();
        Optional<OutFile> file = file();
        if (file.isEmpty()) return;
        file.get().write(buffer.toString());
        PrintWriter err = command.commandLine().getErr();
        err.println("wrote " + file.get().path() + what);
        err.flush();
    }

    private Optional<OutFile> file() {
        if (out != null && oldSpelling != null) {
            throw new IllegalArgumentException("--out " + out + " and -o " + oldSpelling + " both name a file: keep --out");
        }
        if (out != null) return Optional.of(new OutFile(out, "--out"));
        return Optional.ofNullable(oldSpelling).map(p -> new OutFile(p, "-o"));
    }

    /** What the old {@code -o FILE} looked like: a path ({@code out/retro}) or a file name ({@code retro.md}). */
    private static boolean looksLikePath(String value) {
        return value.contains("/") || value.contains(".");
    }
}
