package io.pitcrew.build;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jars as they ship (run by failsafe after {@code package}): pitcrew.jar holds no lab class and none of the
 * libraries only the lab needs; pitcrew-lab.jar holds every lab class and runs beside pitcrew.jar.
 */
class ProductionJarIT {

    static final Path PRODUCTION = Path.of("target/pitcrew.jar");
    static final Path LAB_JAR = Path.of("target/pitcrew-lab.jar");
    static final List<String> LAB_ONLY_LIBRARIES = List.of(
            "io/fabric8/mockwebserver/", "io/fabric8/kubernetes/client/server/mock/", "io/vertx/ext/web/Router.class",
            "org/bouncycastle/");

    @Test
    void theProductionJarCarriesNothingOfTheLab() throws IOException {
        LabSources lab = LabSources.read();
        try (JarFile jar = new JarFile(PRODUCTION.toFile())) {
            List<String> classes = classNames(jar);
            assertThat(classes).contains("io.pitcrew.cli.Pitcrew", "io.pitcrew.doctor.Doctor");
            assertThat(classes).filteredOn(lab::contains).as("lab classes in pitcrew.jar").isEmpty();
            assertThat(jar.stream().map(JarEntry::getName))
                    .as("libraries only the lab needs, in pitcrew.jar")
                    .noneMatch(name -> LAB_ONLY_LIBRARIES.stream().anyMatch(name::startsWith));
        }
    }

    @Test
    void theLabJarCarriesEveryLabClassAndRunsBesideTheProductionJar() throws IOException {
        LabSources lab = LabSources.read();
        try (JarFile jar = new JarFile(LAB_JAR.toFile())) {
            List<String> classes = classNames(jar);
            assertThat(classes.stream().filter(c -> c.startsWith("io.pitcrew.")))
                    .as("only lab classes of pitcrew in pitcrew-lab.jar").allMatch(lab::contains);
            assertThat(classes).containsAll(lab.classNames());
            Manifest manifest = jar.getManifest();
            assertThat(manifest.getMainAttributes().getValue("Main-Class")).isEqualTo("io.pitcrew.cli.PitcrewLab");
            assertThat(manifest.getMainAttributes().getValue("Class-Path")).isEqualTo("pitcrew.jar");
        }
    }

    @Test
    void theLabsCommandsRunFromTheLabJarAndAreNamedByTheProductionOne() throws Exception {
        Run scenarios = java("-jar", LAB_JAR.toString(), "lab", "scenarios");
        assertThat(scenarios.exit()).as(scenarios.output()).isZero();
        assertThat(scenarios.output()).contains("storage-exhaustion");

        Run demo = java("-jar", PRODUCTION.toString(), "demo");
        assertThat(demo.exit()).isEqualTo(2);
        assertThat(demo.output()).contains("pitcrew demo comes with the lab").contains("java -jar pitcrew-lab.jar demo");
    }

    private record Run(int exit, String output) {}

    /** The java running these tests (the toolchain's 21+), on the shipped jar. */
    private static Run java(String... args) throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(javaBin));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private static List<String> classNames(JarFile jar) {
        return jar.stream().map(JarEntry::getName)
                .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/"))
                .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                .toList();
    }
}
