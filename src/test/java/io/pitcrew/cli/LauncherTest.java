package io.pitcrew.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher script ./pitcrew, run for real through a symlink from another directory, with a PATH that has no java
 * and no JAVA_HOME: it finds its checkout through the link and a Java 21+ under /usr/lib/jvm, and hands that Java to
 * the Maven wrapper when it builds. The checkout is a copy in a temporary directory with a small jar of {@link Probe}
 * as target/pitcrew.jar (a real build is minutes); the build step runs the real Maven wrapper far enough to start
 * Maven ({@code -v}), then puts that jar in place.
 */
class LauncherTest {

    /** What the launcher runs as target/pitcrew.jar: says which Java runs it and what it was given. */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.println("java.home=" + System.getProperty("java.home"));
            System.out.println("feature=" + Runtime.version().feature());
            System.out.println("args=" + String.join(" ", args));
            System.out.println("jar=" + Path.of(Probe.class.getProtectionDomain().getCodeSource().getLocation().getPath()).getFileName());
            System.out.println("jvm.args=" + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        }
    }

    /** The tools the launcher uses, and no java: each a link to the machine's. */
    private static final List<String> TOOLS = List.of("bash", "dirname", "readlink", "find", "awk", "cut", "mkdir", "rm",
            "flock", "cat", "cp");
    /** What the Maven wrapper and mvn use besides those (mvn -v is run for real). */
    private static final List<String> MAVEN_TOOLS = List.of("uname", "basename", "sed", "tr", "grep", "head", "printf", "expr",
            "which", "ls", "touch", "chmod", "mktemp", "id", "pwd", "env");

    @TempDir
    Path tmp;

    Path checkout;
    Path tools;

    @BeforeEach
    void checkout() throws IOException {
        checkout = Files.createDirectories(tmp.resolve("src/checkout"));
        Files.copy(Path.of("pitcrew"), checkout.resolve("pitcrew"));
        Files.writeString(checkout.resolve("pom.xml"), "<project/>\n");
        Files.createDirectories(checkout.resolve("src/main/java"));
        Files.writeString(checkout.resolve("src/main/java/Main.java"), "class Main {}\n");
        tools = Files.createDirectories(tmp.resolve("tools"));
        for (String tool : TOOLS) link(tool);
        for (String tool : MAVEN_TOOLS) link(tool);
    }

    private void link(String tool) throws IOException {
        for (String dir : List.of("/usr/bin", "/bin")) {
            Path found = Path.of(dir, tool);
            if (Files.isExecutable(found)) {
                Files.createSymbolicLink(tools.resolve(tool), found);
                return;
            }
        }
    }

    /** target/pitcrew.jar and target/pitcrew-lab.jar: the probe, newer than the sources so the launcher does not build. */
    private void probeJars() throws IOException {
        probeJar(checkout.resolve("target/pitcrew.jar"));
        probeJar(checkout.resolve("target/pitcrew-lab.jar"));
    }

    /** One jar of the probe, newer than the sources. */
    private Path probeJar(Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Probe.class.getName());
        String entry = Probe.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             InputStream bytes = Probe.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            bytes.transferTo(out);
            out.closeEntry();
        }
        FileTime hourAgo = FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS));
        for (Path source : List.of(checkout.resolve("pom.xml"), checkout.resolve("src/main/java/Main.java"))) {
            Files.setLastModifiedTime(source, hourAgo);
        }
        return jar;
    }

    record Ran(int exit, Map<String, String> said, String output) {}

    /** Runs the command from an unrelated directory, PATH the tools only, no JAVA_HOME. */
    private Ran run(Path command, String... args) throws IOException, InterruptedException {
        return run(null, command, args);
    }

    /** The same with JAVA_HOME set, when javaHome is not null. */
    private Ran run(Path javaHome, Path command, String... args) throws IOException, InterruptedException {
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        List<String> line = new ArrayList<>(List.of(command.toString()));
        line.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(line).directory(elsewhere.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", tools.toString());
        pb.environment().remove("JAVA_HOME");
        if (javaHome != null) pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().remove("PITCREW_JAVA_OPTS");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("launcher still running").isTrue();
        Map<String, String> said = new LinkedHashMap<>();
        output.lines().filter(l -> l.contains("=")).forEach(l -> said.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        return new Ran(p.exitValue(), said, output);
    }

    private void assertRanOnAJava21UnderUsrLibJvm(Ran ran) {
        assertThat(ran.exit()).as(ran.output()).isZero();
        assertThat(ran.said().get("java.home")).as(ran.output()).startsWith("/usr/lib/jvm/");
        assertThat(Integer.parseInt(ran.said().get("feature"))).isGreaterThanOrEqualTo(21);
        assertThat(ran.said().get("args")).isEqualTo("--version");
        assertThat(ran.said().get("jar")).isEqualTo("pitcrew.jar");
    }

    @Test
    void theLabsCommandsRunFromTheLabJarAndTheRestFromTheProductionJar() throws Exception {
        probeJars();
        assertThat(run(checkout.resolve("pitcrew"), "demo").said()).containsEntry("jar", "pitcrew-lab.jar");
        assertThat(run(checkout.resolve("pitcrew"), "lab", "up").said()).containsEntry("jar", "pitcrew-lab.jar");
        assertThat(run(checkout.resolve("pitcrew"), "doctor").said()).containsEntry("jar", "pitcrew.jar");
    }

    @Test
    void theToolsHaveNoJava() throws Exception {
        assertThat(tools.resolve("java")).doesNotExist();
        Ran which = run(tools.resolve("bash"), "-c", "command -v java || echo none=yes");
        assertThat(which.said()).containsEntry("none", "yes");
    }

    @Test
    void linkedIntoPathItRunsTheJarOfItsCheckout() throws Exception {
        probeJars();
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("pitcrew"), checkout.resolve("pitcrew"));

        assertRanOnAJava21UnderUsrLibJvm(run(bin.resolve("pitcrew"), "--version"));
        assertThat(bin.resolve("target")).as("nothing made beside the link").doesNotExist();
        // and found by name on PATH, as a user types it
        assertRanOnAJava21UnderUsrLibJvm(run(tools.resolve("bash"), "-c", "export PATH=\"$PATH:" + bin + "\"; pitcrew --version"));
    }

    @Test
    void withoutReadlinkDashFItFollowsTheLinksOneByOne() throws Exception {
        probeJars();
        // readlink as on systems without -f (older macOS): it refuses the option
        Files.delete(tools.resolve("readlink"));
        Path readlink = tools.resolve("readlink");
        Files.writeString(readlink, "#!/bin/bash\n[ \"$1\" = -f ] && { echo 'readlink: illegal option -- f' >&2; exit 1; }\n"
                + "exec /usr/bin/readlink \"$@\"\n");
        Files.setPosixFilePermissions(readlink, PosixFilePermissions.fromString("rwxr-xr-x"));
        // two relative links: bin/pitcrew -> ../links/pc -> ../src/checkout/pitcrew
        Path links = Files.createDirectories(tmp.resolve("links"));
        Files.createSymbolicLink(links.resolve("pc"), Path.of("../src/checkout/pitcrew"));
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("pitcrew"), Path.of("../links/pc"));

        assertRanOnAJava21UnderUsrLibJvm(run(bin.resolve("pitcrew"), "--version"));
    }

    @Test
    void theBuildGetsTheJavaItFoundAsJavaHome() throws Exception {
        Path probe = probeJar(checkout.resolve("probe.jar"));
        // the real wrapper starts the real Maven with the JAVA_HOME it was given (mvn -v), then the "build" is the probe
        Path real = Files.createDirectories(checkout.resolve("real/.mvn/wrapper")).getParent().getParent();
        Files.copy(Path.of("mvnw"), real.resolve("mvnw"));
        Files.copy(Path.of(".mvn/wrapper/maven-wrapper.properties"), real.resolve(".mvn/wrapper/maven-wrapper.properties"));
        Path mvnw = checkout.resolve("mvnw");
        Files.writeString(mvnw, """
                #!/usr/bin/env bash
                set -eo pipefail
                echo "maven.java.home=${JAVA_HOME:-unset}"
                real/mvnw -v | sed -n 's/.*runtime: /maven.runtime=/p'
                cp probe.jar target/pitcrew.jar
                cp probe.jar target/pitcrew-lab.jar
                """);
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));

        Ran ran = run(checkout.resolve("pitcrew"), "--version");
        assertRanOnAJava21UnderUsrLibJvm(ran);
        assertThat(ran.output()).contains("pitcrew: building");
        assertThat(ran.said().get("maven.java.home")).isEqualTo(ran.said().get("java.home"));
        assertThat(ran.said().get("maven.runtime")).as("the Java Maven ran on: " + ran.output()).isEqualTo(ran.said().get("java.home"));
        assertThat(checkout.resolve("target/pitcrew.jar")).hasSameBinaryContentAs(probe);
    }

    // ---- the start-up archives (docs/architecture.md#start-up): made by the build, used only by the JVM that made them

    /** The JDK the launcher finds here: the first 21+ under /usr/lib/jvm, as a run with no JAVA_HOME and no java says. */
    private Path foundJdk() throws Exception {
        probeJars();
        return Path.of(run(checkout.resolve("pitcrew"), "--version").said().get("java.home"));
    }

    /** target/startup as the build leaves it: the stamp naming a JVM, and an (empty) archive per name, newer than the jars. */
    private void archivesMadeBy(String javaHome, String vmVersion, String extension, String... names) throws IOException {
        Path startup = Files.createDirectories(checkout.resolve("target/startup"));
        Files.writeString(startup.resolve("jvm"), "java.home=" + javaHome + "\njava.vm.version=" + vmVersion + "\n");
        FileTime now = FileTime.from(Instant.now());
        for (String name : names) Files.setLastModifiedTime(Files.write(startup.resolve(name + extension), new byte[0]), now);
        FileTime minuteAgo = FileTime.from(Instant.now().minus(1, ChronoUnit.MINUTES));
        Files.setLastModifiedTime(checkout.resolve("target/pitcrew.jar"), minuteAgo);
        Files.setLastModifiedTime(checkout.resolve("target/pitcrew-lab.jar"), minuteAgo);
    }

    private static String release(Path jdk, String key) throws IOException {
        return Files.readAllLines(jdk.resolve("release")).stream().filter(l -> l.startsWith(key + "="))
                .map(l -> l.substring(key.length() + 1).replace("\"", "")).findFirst().orElseThrow();
    }

    private String archive(String name) {
        return checkout.resolve("target/startup/" + name).toString();
    }

    @Test
    void eachCommandStartsWithItsOwnArchiveFromTheJvmThatMadeIt() throws Exception {
        Path jdk = foundJdk();
        assertThat(Integer.parseInt(release(jdk, "JAVA_VERSION").split("\\.")[0])).as("this test's JDK has AOT caches").isGreaterThanOrEqualTo(25);
        archivesMadeBy(jdk.toString(), release(jdk, "JAVA_RUNTIME_VERSION"), ".aot", "base", "doctor", "incident", "config", "demo");

        Map<String, String> archiveOf = new LinkedHashMap<>();
        archiveOf.put("--version", "base");
        archiveOf.put("doctor", "doctor");
        archiveOf.put("retro", "incident");
        archiveOf.put("runbook", "config");
        archiveOf.put("lab", "demo");
        for (var command : archiveOf.entrySet()) {
            Ran ran = run(checkout.resolve("pitcrew"), command.getKey());
            assertThat(ran.said().get("jvm.args")).as(command.getKey())
                    .contains("-XX:AOTCache=" + archive(command.getValue() + ".aot"))
                    .contains("-Xlog:aot*=off");
        }
        // a command whose archive the build could not make starts without one
        assertThat(run(checkout.resolve("pitcrew"), "fix").said().get("jvm.args")).doesNotContain("AOTCache", "SharedArchiveFile");
    }

    @Test
    void anArchiveOfAnotherJvmBuildOrOlderThanTheJarIsNotUsed() throws Exception {
        Path jdk = foundJdk();
        String vm = release(jdk, "JAVA_RUNTIME_VERSION");

        archivesMadeBy(jdk.toString(), vm + "-other-build", ".aot", "base");
        assertThat(run(checkout.resolve("pitcrew"), "--version").said().get("jvm.args")).as("another java.vm.version").doesNotContain("AOTCache");

        archivesMadeBy("/opt/another-jdk", vm, ".aot", "base");
        assertThat(run(checkout.resolve("pitcrew"), "--version").said().get("jvm.args")).as("another java.home").doesNotContain("AOTCache");

        archivesMadeBy(jdk.toString(), vm, ".aot", "base");
        assertThat(run(checkout.resolve("pitcrew"), "--version").said().get("jvm.args")).as("the maker").contains("AOTCache");
        Files.setLastModifiedTime(checkout.resolve("target/pitcrew.jar"), FileTime.from(Instant.now().plus(1, ChronoUnit.MINUTES)));
        assertThat(run(checkout.resolve("pitcrew"), "--version").said().get("jvm.args")).as("a jar newer than the archive").doesNotContain("AOTCache");

        Files.delete(checkout.resolve("target/startup/jvm"));
        archivesMadeBy(jdk.toString(), vm, ".aot", "base");
        Files.delete(checkout.resolve("target/startup/jvm"));
        assertThat(run(checkout.resolve("pitcrew"), "--version").said().get("jvm.args")).as("no stamp").doesNotContain("AOTCache");
    }

    @Test
    void onJava21To23ItUsesTheCdsArchiveAndOn24TheAotCacheWithItsLogTag() throws Exception {
        Path real = foundJdk();
        for (String feature : List.of("22", "24")) {
            // a JDK whose release file says it is that Java, running the real one (resolve() stops at a script)
            Path fake = Files.createDirectories(tmp.resolve("jdk-" + feature + "/bin"));
            Files.writeString(fake.resolve("java"), "#!/bin/bash\nexec " + real.resolve("bin/java") + " \"$@\"\n");
            Files.setPosixFilePermissions(fake.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Path home = fake.getParent();
            Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + feature + ".0.1\"\nJAVA_RUNTIME_VERSION=\"" + feature + ".0.1+7\"\n");
            archivesMadeBy(home.toString(), feature + ".0.1+7", feature.equals("22") ? ".jsa" : ".aot", "doctor");

            String args = run(home, checkout.resolve("pitcrew"), "doctor").said().get("jvm.args");
            if (feature.equals("22")) {
                assertThat(args).contains("-XX:SharedArchiveFile=" + archive("doctor.jsa"), "-Xlog:cds*=off").doesNotContain("AOTCache", "aot*");
            } else {
                // JDK 24 has no aot log tag (an unknown one stops the JVM): its AOT cache logs as cds
                assertThat(args).contains("-XX:AOTCache=" + archive("doctor.aot"), "-Xlog:cds*=off").doesNotContain("aot*");
            }
        }
    }

    @Test
    void itNeverMakesAnArchive() throws Exception {
        probeJars();
        for (String command : List.of("--version", "doctor", "serve", "demo")) {
            String args = run(checkout.resolve("pitcrew"), command).said().get("jvm.args");
            assertThat(args).as(command).doesNotContain("AutoCreateSharedArchive", "ArchiveClassesAtExit", "AOTCacheOutput", "AOTMode",
                    "SharedArchiveFile", "AOTCache");
        }
        try (Stream<Path> files = Files.walk(checkout)) {
            assertThat(files.map(Path::toString).filter(f -> f.endsWith(".jsa") || f.endsWith(".aot")).toList()).isEmpty();
        }
    }

    @Test
    void aJdkIsTakenForItsReleaseFileWithoutStartingIt() throws Exception {
        Path real = foundJdk();
        // says 17 in its release file: passed over without being asked, though its java is a 21+
        Path seventeen = Files.createDirectories(tmp.resolve("jdk-17/bin"));
        Path asked = tmp.resolve("jdk-17-was-asked");
        Files.writeString(seventeen.resolve("java"), "#!/bin/bash\necho yes >> " + asked + "\nexec " + real.resolve("bin/java") + " \"$@\"\n");
        Files.setPosixFilePermissions(seventeen.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(seventeen.getParent().resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
        Ran ran = run(seventeen.getParent(), checkout.resolve("pitcrew"), "--version");
        assertRanOnAJava21UnderUsrLibJvm(ran);
        assertThat(asked).doesNotExist();

        // no release file: its java is asked, once, and it is a 21+
        Files.delete(seventeen.getParent().resolve("release"));
        ran = run(seventeen.getParent(), checkout.resolve("pitcrew"), "--version");
        assertThat(ran.exit()).as(ran.output()).isZero();
        assertThat(Files.readAllLines(asked)).hasSize(2); // the version question, then the run itself
    }
}
