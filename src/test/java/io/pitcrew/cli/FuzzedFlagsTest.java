package io.pitcrew.cli;

import io.pitcrew.yaml.Mutated;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command and option of pitcrew, given values a hurried hand types (a duration without a unit, a negative
 * count, a region that is a path, nothing at all): parsing the command line either succeeds or is picocli's own
 * "bad input" (exit 2 with the option named), never another exception from a converter or a mixin. Only parsed, never
 * run: the run's own bad input is the property of each command's tests.
 */
class FuzzedFlagsTest {

    /** Each command's path and the options it takes, read from the model once. */
    record Command(List<String> path, List<OptionSpec> options) {}

    private static final List<Command> COMMANDS = commands();

    private static List<Command> commands() {
        List<Command> out = new ArrayList<>();
        collect(Pitcrew.commandLine(), new ArrayList<>(), out);
        return out;
    }

    private static void collect(CommandLine cli, List<String> path, List<Command> out) {
        CommandSpec spec = cli.getCommandSpec();
        out.add(new Command(List.copyOf(path), spec.options()));
        cli.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().name().equals(name)) return; // an alias: the same command again
            List<String> deeper = new ArrayList<>(path);
            deeper.add(name);
            collect(sub, deeper, out);
        });
    }

    @Provide
    Arbitrary<List<String>> lines() {
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of(Mutated.HOSTILE), Arbitraries.strings().ofMaxLength(12),
                Arbitraries.of("10", "4h", "P3", "json", "us-east-2", "-", "--", "=", "table", "markdown", "true"));
        return Arbitraries.of(COMMANDS).flatMap(c -> {
            if (c.options().isEmpty()) return Arbitraries.just(c.path());
            Arbitrary<List<String>> option = Arbitraries.of(c.options()).flatMap(o -> value.map(v -> o.arity().max() == 0
                    ? List.of(o.longestName()) : List.of(o.longestName(), v)));
            return option.list().ofMaxSize(4).map(opts -> {
                List<String> line = new ArrayList<>(c.path());
                opts.forEach(line::addAll);
                return line;
            });
        });
    }

    @Property(tries = 300)
    void aCommandLineParsesOrIsBadInputNamingWhat(@ForAll("lines") List<String> line) {
        CommandLine cli = Pitcrew.commandLine(List.of(), line.toArray(String[]::new));
        try {
            cli.parseArgs(line.toArray(String[]::new));
        } catch (ParameterException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
