package io.pitcrew.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The classes compiled from src/lab/java: what the lab is, read from the source tree so the tests cannot drift from it. */
record LabSources(Set<String> classNames) {

    static final Path ROOT = Path.of("src/lab/java");

    static LabSources read() {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return new LabSources(files.filter(f -> f.toString().endsWith(".java"))
                    .map(f -> ROOT.relativize(f).toString().replace('/', '.').replaceFirst("\\.java$", ""))
                    .collect(Collectors.toUnmodifiableSet()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a class (nested ones too: {@code Outer$Inner}) was compiled from the lab's sources. */
    boolean contains(String className) {
        int nested = className.indexOf('$');
        return classNames.contains(nested < 0 ? className : className.substring(0, nested));
    }
}
