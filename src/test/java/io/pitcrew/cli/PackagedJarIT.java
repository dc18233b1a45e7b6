package io.pitcrew.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * target/pitcrew.jar as the package phase left it (run by failsafe in verify): its manifest carries the build's
 * version, git revision and time, and {@code java -jar pitcrew.jar --version} says them.
 */
class PackagedJarIT {

    private static final Path JAR = Path.of("target/pitcrew.jar");

    record Ran(int exit, String output) {}

    private static Ran run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s still running", command).isTrue();
        return new Ran(p.exitValue(), output);
    }

    @Test
    void theManifestCarriesTheBuildAndVersionSaysIt() throws Exception {
        Attributes manifest;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            manifest = jar.getManifest().getMainAttributes();
        }
        String version = manifest.getValue("Implementation-Version");
        assertThat(version).as("Implementation-Version").isNotBlank().doesNotContain("${");
        assertThat(manifest.getValue("Build-Time")).as("Build-Time").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        String revision = manifest.getValue("Git-Revision");
        String git;
        if (Files.exists(Path.of(".git"))) {
            assertThat(revision).as("Git-Revision of a checkout").matches("[0-9a-f]{7,40}");
            assertThat(manifest.getValue("Git-Dirty")).as("Git-Dirty").isIn("true", "false");
            git = revision + ("true".equals(manifest.getValue("Git-Dirty")) ? "-dirty" : "");
            sameAsGitSays(revision);
        } else {
            // a source tarball: nothing to read the revision from, and no failed build for it
            assertThat(revision).as("Git-Revision without .git").isNull();
            git = "unknown";
        }

        String java = ProcessHandle.current().info().command().orElseThrow();
        Ran ran = run(List.of(java, "-jar", JAR.toString(), "--version"));
        assertThat(ran.exit()).as(ran.output()).isZero();
        assertThat(ran.output().lines().findFirst().orElseThrow())
                .isEqualTo("pitcrew " + version + " (git " + git + ", built " + manifest.getValue("Build-Time").substring(0, 10) + ")");
    }

    /** The revision is this checkout's HEAD, also in a linked worktree (where the plugin alone took the main one's). */
    private static void sameAsGitSays(String revision) throws Exception {
        Ran head;
        try {
            head = run(List.of("git", "rev-parse", "HEAD"));
        } catch (IOException noGit) {
            return; // a checkout without the git binary: the format above is what can be checked
        }
        assertThat(head.exit()).as(head.output()).isZero();
        assertThat(head.output().trim()).as("HEAD").startsWith(revision);
        // Git-Dirty is not compared with git status now: a file saved between the build and this test (an editor,
        // another terminal) would fail a build that was right. BuildTest checks what the flag says.
    }
}
