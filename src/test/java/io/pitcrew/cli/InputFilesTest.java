package io.pitcrew.cli;

import io.pitcrew.cli.FixCommandTest.Run;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.server.access.TokenFile;
import io.pitcrew.yaml.InvalidInputException;
import io.pitcrew.yaml.Problem;
import io.pitcrew.yaml.YamlDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static io.pitcrew.cli.FixCommandTest.pitcrew;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The files a careless operator points pitcrew at: pitcrew.yaml saved as Latin-1, a log of 10 MB, one enormous line;
 * each is one problem naming the file, what is wrong and what to do, before any parser runs.
 */
class InputFilesTest {

    @TempDir
    Path tmp;

    private static final String CONFIG = """
            regions:
              - {name: us-east-2, role: control-plane, domain: ai.coder.com}
            """;

    private Path latin1(String name, String text) throws IOException {
        Path file = tmp.resolve(name);
        Files.write(file, text.getBytes(StandardCharsets.ISO_8859_1));
        return file;
    }

    private static Problem problemOf(Runnable reading) {
        try {
            reading.run();
        } catch (InvalidInputException e) {
            assertThat(e.problems()).hasSize(1);
            return e.problems().getFirst();
        }
        throw new AssertionError("read without a problem");
    }

    @Test
    void aConfigThatIsNotUtf8SaysWhichByteOnWhichLine() throws IOException {
        Path config = latin1("pitcrew.yaml", CONFIG + "names:\n  coderNamespace: cod\u00e9r\n");
        int offset = (CONFIG + "names:\n  coderNamespace: cod").length();
        Run r = pitcrew("config", "check", "--config", config.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(config + ":4: not UTF-8 text: byte 0xE9 at offset " + offset + " is not UTF-8")
                .contains("fix: save it as UTF-8").doesNotContain("Input length").doesNotContain("permissions");
    }

    @Test
    void aKubeconfigOrTokensFileThatIsNotUtf8IsTheSameProblem() throws IOException {
        Path kubeconfig = latin1("kubeconfig", "apiVersion: v1\nkind: Config\n# \u00e9crit \u00e0 la main\n");
        Problem p = problemOf(() -> Kubeconfig.read(kubeconfig));
        assertThat(p.source()).isEqualTo(kubeconfig.toString());
        assertThat(p.line()).isEqualTo(3);
        assertThat(p.message()).startsWith("not UTF-8 text: byte 0xE9 at offset 30");

        Path tokens = latin1("tokens.yaml", "tokens:\n  - {name: ren\u00e9, role: viewer, sha256: x}\n");
        assertThat(problemOf(() -> TokenFile.load(tokens)).message()).startsWith("not UTF-8 text: byte 0xE9");

        Path token = latin1("token", "caf\u00e9\n");
        assertThat(problemOf(() -> TokenFile.given(Optional.empty(), Optional.of(token))).message()).startsWith("not UTF-8 text: byte 0xE9");

        Path utf16 = tmp.resolve("utf16.yaml");
        Files.write(utf16, CONFIG.getBytes(StandardCharsets.UTF_16));
        assertThat(problemOf(() -> YamlDocument.read(utf16)).message()).contains("is UTF-16 text");
    }

    @Test
    void aTenMegabyteConfigIsRefusedByItsSizeNotByTheParser() throws IOException {
        // valid YAML throughout (comments), so only a size check can refuse it
        Path config = tmp.resolve("pitcrew.yaml");
        try (OutputStream out = Files.newOutputStream(config)) {
            out.write(CONFIG.getBytes(StandardCharsets.UTF_8));
            byte[] comment = ("# " + "x".repeat(1021) + "\n").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 10 * 1024; i++) out.write(comment);
        }
        Problem p = problemOf(() -> YamlDocument.read(config));
        assertThat(p.line()).isZero();
        assertThat(p.message()).isEqualTo("is 10 MB; pitcrew reads a configuration file of at most 1 MB");
        assertThat(p.fix()).contains("the file you meant");

        Run r = pitcrew("doctor", "--config", config.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(config + ": is 10 MB; pitcrew reads a configuration file of at most 1 MB");
    }

    @Test
    void oneEnormousLineIsRefusedBeforeParsingButAKubeconfigMayHaveLongOnes() throws IOException {
        String longValue = "x".repeat(100 * 1024);
        Path config = tmp.resolve("pitcrew.yaml");
        Files.writeString(config, CONFIG + "runbookDir: " + longValue + "\n");
        Problem p = problemOf(() -> YamlDocument.read(config));
        assertThat(p.line()).isEqualTo(3);
        assertThat(p.message()).startsWith("this line is 100 KB long; pitcrew reads lines of at most 16 KB in a configuration file");

        // a kubeconfig with a certificate bundle inline: long lines are what kubeconfigs have
        Path kubeconfig = tmp.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: us-east-2
                  cluster: {server: https://127.0.0.1:6443, certificate-authority-data: %s}
                contexts:
                - name: us-east-2
                  context: {cluster: us-east-2, user: u}
                users:
                - name: u
                  user: {token: t}
                """.formatted(longValue));
        assertThat(Kubeconfig.read(kubeconfig).contexts()).containsExactly("us-east-2");
    }

    @Test
    void aDirectoryIsNotAFile() {
        Run r = pitcrew("config", "check", "--config", tmp.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(tmp + ": is a directory, not a file").contains(tmp.resolve("pitcrew.yaml").toString());
    }
}
