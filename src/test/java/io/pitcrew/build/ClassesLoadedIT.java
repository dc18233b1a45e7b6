package io.pitcrew.build;

import io.pitcrew.lab.Lab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a command loads, measured where it ships: {@code java -Xlog:class+load -jar target/pitcrew.jar ...} in a JVM of
 * its own, against a lab (docs/benchmarks.md#start-up has the counts). A command loads what it uses: doctor no store
 * it was not given, no web server, no AWS SDK without an ECR mirror, no incident or fix code; --version and --help
 * neither Jackson's data binding nor what any command does.
 */
class ClassesLoadedIT {

    @TempDir
    static Path tmp;

    static Lab lab;

    @BeforeAll
    static void startLab() {
        // the lab's mirror is a registry with a password file, not ECR
        lab = Lab.start(tmp.resolve("lab"), null, 24);
    }

    @AfterAll
    static void stopLab() {
        if (lab != null) lab.close();
    }

    /** Packages no doctor run without a store, ECR or notifications has any use for. */
    static final List<String> NOT_FOR_DOCTOR = List.of("org.flywaydb.", "org.sqlite.", "org.postgresql.", "io.javalin.",
            "org.eclipse.jetty.", "software.amazon.", "io.pitcrew.server.", "io.pitcrew.notify.", "io.pitcrew.incident.",
            "io.pitcrew.act.", "io.pitcrew.drill.");

    @Test
    void doctorLoadsNoStoreNoWebServerNoAwsAndNoOtherCommand() throws Exception {
        Loaded doctor = run("doctor", "-o", "json", "--config", lab.config().toString());
        assertThat(doctor.exit()).as(doctor.output()).isIn(0, 1);
        assertThat(doctor.classes()).as("doctor read the platform").anyMatch(c -> c.startsWith("io.fabric8.kubernetes.client."));
        assertThat(doctor.classes()).filteredOn(c -> NOT_FOR_DOCTOR.stream().anyMatch(c::startsWith)).isEmpty();
    }

    @Test
    void versionAndHelpLoadNoDataBindingAndNoCommandsWork() throws Exception {
        for (String flag : List.of("--version", "--help")) {
            Loaded loaded = run(flag);
            assertThat(loaded.exit()).as(loaded.output()).isZero();
            assertThat(loaded.classes()).as(flag).filteredOn(c -> c.startsWith("tools.jackson.databind.json.")
                    || c.startsWith("tools.jackson.dataformat.") || c.startsWith("io.fabric8.kubernetes.client.") || c.startsWith("org.flywaydb.")).isEmpty();
        }
        assertThat(run("--version").classes()).as("--version builds no command (nor its options)")
                .noneMatch(c -> c.startsWith("io.pitcrew.act.") || c.matches("io\\.pitcrew\\.cli\\.\\w+Options"));
    }

    @Test
    void configCheckReadsYamlButNoPlatform() throws Exception {
        Loaded loaded = run("config", "check", "--config", lab.config().toString(), "--kubeconfig", lab.kubeconfig().toString());
        assertThat(loaded.exit()).as(loaded.output()).isZero();
        assertThat(loaded.classes()).as("config check").filteredOn(c -> c.startsWith("io.fabric8.kubernetes.client.vertx")
                || c.startsWith("io.vertx.") || c.startsWith("org.flywaydb.") || c.startsWith("io.pitcrew.act.")).isEmpty();
    }

    record Loaded(int exit, String output, List<String> classes) {}

    /** The jar run with a class-loading log, in a home of its own (no ~/.pitcrew store, no ~/.kube/config). */
    private static Loaded run(String... args) throws Exception {
        Path log = Files.createTempFile(tmp, "classes", ".log");
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path home = Files.createDirectories(tmp.resolve("home"));
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-Xlog:class+load=info:file=" + log, "-jar", ProductionJarIT.PRODUCTION.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("HOME", home.toString());
        pb.environment().remove("KUBECONFIG");
        Process process = pb.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("%s still running", List.of(args)).isTrue();
        return new Loaded(process.exitValue(), Files.readString(out), classes(log));
    }

    /** "[0.123s][info][class,load] a.b.C source: ..." → a.b.C */
    private static List<String> classes(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains("[class,load]"))
                .map(l -> l.substring(l.indexOf("[class,load]") + "[class,load]".length()).trim().split(" ")[0]).toList();
    }
}
