package io.pitcrew.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

/** What --version says comes from the manifest the build writes (pom.xml); target/pitcrew.jar's own is PackagedJarIT's. */
class BuildTest {

    private static Manifest manifest(Map<String, String> entries) {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        entries.forEach((k, v) -> m.getMainAttributes().putValue(k, v));
        return m;
    }

    @Test
    void theVersionTheRevisionAndTheDayOfTheBuild() {
        Build build = Build.of(manifest(Map.of("Implementation-Version", "0.1.0-SNAPSHOT", "Git-Revision", "1a2b3c4",
                "Git-Dirty", "false", "Build-Time", "2026-12-04T23:59:59Z")));
        assertThat(build.describe()).isEqualTo("pitcrew 0.1.0-SNAPSHOT (git 1a2b3c4, built 2026-12-04)");
    }

    @Test
    void aTreeWithChangesIsDirty() {
        Build build = Build.of(manifest(Map.of("Implementation-Version", "0.2.0", "Git-Revision", "1a2b3c4",
                "Git-Dirty", "true", "Build-Time", "2026-12-04T10:00:00Z")));
        assertThat(build.describe()).isEqualTo("pitcrew 0.2.0 (git 1a2b3c4-dirty, built 2026-12-04)");
    }

    @Test
    void aBuildWithoutGitIsGitUnknown() {
        // a source tarball: the revision entry left out, or left as the unfilled expression
        assertThat(Build.of(manifest(Map.of("Implementation-Version", "0.2.0", "Build-Time", "2026-12-04T10:00:00Z"))).describe())
                .isEqualTo("pitcrew 0.2.0 (git unknown, built 2026-12-04)");
        assertThat(Build.of(manifest(Map.of("Implementation-Version", "0.2.0", "Git-Revision", "${git.commit.id.abbrev}",
                "Git-Dirty", "true"))).describe())
                .isEqualTo("pitcrew 0.2.0 (git unknown)");
    }

    @Test
    void aManifestWithoutOurEntriesIsADevBuild() {
        assertThat(Build.of(manifest(Map.of("Build-Time", "yesterday"))).describe()).isEqualTo("pitcrew dev (git unknown)");
    }

    @Test
    void versionPrintsTheBuildThenTheJava() {
        FixCommandTest.Run version = FixCommandTest.pitcrew("--version");
        assertThat(version.exit()).isZero();
        // the tests run from target/classes, not from a jar: a dev build
        assertThat(version.out().lines().toList()).satisfiesExactly(
                first -> assertThat(first).isEqualTo("pitcrew dev (git unknown)"),
                second -> assertThat(second).startsWith("Java " + Runtime.version() + " (").contains(System.getProperty("java.home")));
    }
}
