package io.pitcrew.build;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up archives as the package phase left them in target/startup (docs/architecture.md#start-up): one per
 * command the launcher names, made by the JVM that runs these tests (failsafe runs on the build's toolchain, the JVM
 * the archives are trained with), newer than the jars, and mapped by that JVM when given one. A build with
 * {@code -Dpitcrew.training.skip} makes none, so this fails after it: verify without it.
 */
class StartupArchivesIT {

    static final Path STARTUP = Path.of("target/startup");
    /** The archives the launcher asks for (./pitcrew, its case on the command), each trained on that command. */
    static final List<String> ARCHIVES = List.of("base", "config", "doctor", "fix", "incident", "serve", "demo");

    static final int FEATURE = Runtime.version().feature();
    static final String EXTENSION = FEATURE >= 24 ? ".aot" : ".jsa";

    @Test
    void theBuildMadeAnArchiveForEachCommandStampedWithTheJvmThatMadeIt() throws IOException {
        assertThat(Files.readAllLines(STARTUP.resolve("jvm"))).as("target/startup/jvm")
                .containsExactly("java.home=" + System.getProperty("java.home"), "java.vm.version=" + System.getProperty("java.vm.version"));
        for (String name : ARCHIVES) {
            Path archive = STARTUP.resolve(name + EXTENSION);
            assertThat(archive).as(name + " (see target/startup-training/" + name + ".log)").isRegularFile();
            assertThat(Files.size(archive)).as(name).isGreaterThan(1_000_000);
            for (Path jar : List.of(ProductionJarIT.PRODUCTION, ProductionJarIT.LAB_JAR)) {
                assertThat(Files.getLastModifiedTime(archive)).as(name + " newer than " + jar).isGreaterThan(Files.getLastModifiedTime(jar));
            }
        }
    }

    @Test
    void theJvmMapsTheArchiveOfTheJarItWasTrainedOn() throws Exception {
        Run production = java(archive("base"), "-jar", ProductionJarIT.PRODUCTION.toString(), "--version");
        assertThat(production.exit()).as(production.output()).isZero();
        assertMapped(production, "base");
        assertThat(production.output()).contains("pitcrew ");

        Run lab = java(archive("demo"), "-jar", ProductionJarIT.LAB_JAR.toString(), "lab", "scenarios");
        assertThat(lab.exit()).as(lab.output()).isZero();
        assertMapped(lab, "demo");
        assertThat(lab.output()).contains("storage-exhaustion");
    }

    /** The flags that give the JVM an archive, with its log of what it did with it on stdout. */
    private static List<String> archive(String name) {
        String file = STARTUP.resolve(name + EXTENSION).toString();
        if (FEATURE >= 25) return List.of("-XX:AOTCache=" + file, "-Xlog:aot");
        if (FEATURE == 24) return List.of("-XX:AOTCache=" + file, "-Xlog:cds");
        return List.of("-XX:SharedArchiveFile=" + file, "-Xlog:cds");
    }

    private static void assertMapped(Run run, String name) {
        String file = STARTUP.resolve(name + EXTENSION).toString();
        assertThat(run.output()).as("the JVM's log").doesNotContain("[error", "paths mismatch", "Unable to map");
        if (FEATURE >= 25) assertThat(run.output()).contains("Opened AOT cache " + file);
        else assertThat(run.output()).contains("Opened").contains(file);
    }

    private record Run(int exit, String output) {}

    /** The java running these tests (the toolchain's 21+), with those flags. */
    private static Run java(List<String> flags, String... args) throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(javaBin));
        command.addAll(flags);
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }
}
