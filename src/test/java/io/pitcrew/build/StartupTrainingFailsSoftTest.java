package io.pitcrew.build;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build's training (src/build/StartupArchives.java, run by Maven in the package phase) fails soft: when it cannot
 * train, it says so as warnings and makes no archive, and exits 0, so the build goes on (docs/architecture.md#start-up).
 */
class StartupTrainingFailsSoftTest {

    @TempDir
    Path target;

    @Test
    void withoutJarsToTrainItWarnsMakesNoArchiveAndExitsZero() throws Exception {
        // a target directory with no jars in it: the lab cannot start and no command can run
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                "src/build/StartupArchives.java", target.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as(output).isTrue();

        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("[WARNING] no start-up archive base (pitcrew --help): it exited 1",
                "[WARNING] no start-up archives for config, doctor, fix, serve: the lab did not start",
                "[WARNING] no start-up archive demo");
        try (var archives = Files.list(target.resolve("startup"))) {
            assertThat(archives.map(f -> f.getFileName().toString()).toList()).as("only the stamp").isEqualTo(List.of("jvm"));
        }
    }
}
