package io.pitcrew.config;

import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class KubeconfigLocatorTest {

    @TempDir
    Path dir;

    @Test
    void explicitWinsOverEnvironmentAndHome() throws IOException {
        Path explicit = touch("explicit");
        Path fromEnv = touch("env");
        touch("home/.kube/config");
        KubeconfigLocator locator = new KubeconfigLocator(Map.of("KUBECONFIG", fromEnv.toString()), dir.resolve("home"));

        assertThat(locator.locate(Optional.of(explicit)).files()).containsExactly(explicit);
    }

    @Test
    void environmentWinsOverHomeAndEveryExistingEntryIsReadInOrderOnce() throws IOException {
        Path second = touch("second");
        Path third = touch("third");
        touch("home/.kube/config");
        String list = dir.resolve("missing") + "::" + second + ":" + third + ":" + second;

        KubeconfigSources found = new KubeconfigLocator(Map.of("KUBECONFIG", list), dir.resolve("home")).locate(Optional.empty());

        assertThat(found.files()).containsExactly(second, third);
        assertThat(found.skipped()).containsExactly(dir.resolve("missing"));
        assertThat(found.describe()).isEqualTo("files: " + second + ", " + third + "; not found: " + dir.resolve("missing"));
    }

    @Test
    void homeIsTheLastResort() throws IOException {
        Path home = touch("home/.kube/config");

        assertThat(new KubeconfigLocator(Map.of(), dir.resolve("home")).locate(Optional.empty()).files()).containsExactly(home);
        assertThat(new KubeconfigLocator(Map.of("KUBECONFIG", " "), dir.resolve("home")).locate(Optional.empty()).files())
                .containsExactly(home);
    }

    @Test
    void aMissingExplicitFileIsAnErrorEvenIfOthersExist() throws IOException {
        touch("home/.kube/config");
        Path missing = dir.resolve("nope");

        Problem p = problem(new KubeconfigLocator(Map.of(), dir.resolve("home")), Optional.of(missing));

        assertThat(p.source()).isEqualTo(missing.toString());
        assertThat(p.message()).isEqualTo("not found (given with --kubeconfig)");
        assertThat(p.fix()).contains("check the path");
    }

    @Test
    void kubeconfigPointingNowhereDoesNotFallBackToHome() throws IOException {
        touch("home/.kube/config");
        String list = dir.resolve("a") + ":" + dir.resolve("b");

        Problem p = problem(new KubeconfigLocator(Map.of("KUBECONFIG", list), dir.resolve("home")), Optional.empty());

        assertThat(p.message()).isEqualTo("no kubeconfig found; tried --kubeconfig (not given), $KUBECONFIG ("
                + dir.resolve("a") + ": not found, " + dir.resolve("b") + ": not found); "
                + "~/.kube/config is not used while KUBECONFIG is set, as with kubectl");
        assertThat(p.fix()).isEqualTo("correct or unset KUBECONFIG, or pass --kubeconfig FILE");
    }

    @Test
    void aDirectoryInKubeconfigIsAnErrorNamingItNotSkipped() throws IOException {
        Path file = touch("a");
        Files.createDirectories(dir.resolve("adir"));
        String list = file + ":" + dir.resolve("adir");

        Problem p = problem(new KubeconfigLocator(Map.of("KUBECONFIG", list), dir.resolve("home")), Optional.empty());

        assertThat(p.source()).isEqualTo(dir.resolve("adir").toString());
        assertThat(p.message()).isEqualTo("a directory, not a file (in $KUBECONFIG)");
    }

    @Test
    void nothingFoundListsEverySourceTried() {
        Path home = dir.resolve("home");

        Problem p = problem(new KubeconfigLocator(Map.of(), home), Optional.empty());

        assertThat(p.source()).isEqualTo("kubeconfig");
        assertThat(p.message()).isEqualTo("no kubeconfig found; tried --kubeconfig (not given), $KUBECONFIG (not set), "
                + home.resolve(".kube/config") + " (not found)");
        assertThat(p.fix()).startsWith("pass --kubeconfig FILE, set KUBECONFIG, or create").contains("update-kubeconfig");
    }

    private Path touch(String name) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "apiVersion: v1\nkind: Config\n");
        return file;
    }

    private static Problem problem(KubeconfigLocator locator, Optional<Path> explicit) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> locator.locate(explicit));
        assertThat(e).isNotNull();
        return e.problems().getFirst();
    }
}
