package io.pitcrew.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The figures of the store-fault tests: each test class keeps its rows in a file of its own under
 * {@code target/reliability/store-faults/} (counts-*.md: changes attempted, acknowledged, found; messages-*.md: what
 * pitcrew says of a fault), and {@code target/reliability/store-faults.md} is made again from all of them, so the
 * classes run in any order, alone or together. {@code bench/store-faults.sh} records it in docs/reliability.md.
 */
final class StoreFaultFigures {

    static final Path DIR = Path.of("target", "reliability", "store-faults");
    static final Path ALL = Path.of("target", "reliability", "store-faults.md");

    private StoreFaultFigures() {}

    static void write(Class<?> test, List<String> counts, List<String> messages) {
        try {
            Files.createDirectories(DIR);
            Files.write(DIR.resolve("counts-" + test.getSimpleName() + ".md"), counts.stream().sorted().toList());
            Files.write(DIR.resolve("messages-" + test.getSimpleName() + ".md"), messages.stream().sorted().toList());
            List<String> all = new ArrayList<>();
            all.add("| store | fault | changes attempted | acknowledged | acknowledged and found | in flight at the fault: there whole / absent | time |");
            all.add("|---|---|---|---|---|---|---|");
            all.addAll(rows("counts-"));
            all.add("");
            all.add("| store | fault | exit | what pitcrew says | afterwards |");
            all.add("|---|---|---|---|---|");
            all.addAll(rows("messages-"));
            Files.write(ALL, all);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> rows(String prefix) throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            List<String> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList()) out.addAll(Files.readAllLines(f));
            return out;
        }
    }
}
