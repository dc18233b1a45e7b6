package io.pitcrew.lab;

import io.pitcrew.cli.PitcrewLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Secrets never leave the process: the lab's pull secrets carry a canary that no report may contain. */
class LabSecretCanaryTest {

    @ParameterizedTest
    @ValueSource(strings = {"table", "json", "markdown"})
    void noFormatPrintsTheCredentialsOfAPullSecretItReportsOn(String format) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = PitcrewLab.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("demo", "--scenario", "pull-auth-expired", "-o", format, "--workspaces", "8")).isZero();

        String everything = out + "\n" + err;
        assertThat(everything).contains("ECR pull secret"); // the secret is reported on ...
        String auth = Base64.getEncoder().encodeToString(("AWS:" + PullSecrets.CANARY_PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(everything).doesNotContain(PullSecrets.CANARY_PASSWORD).doesNotContain(auth); // ... never its content
    }

    @Test
    void theMirrorPasswordNeverLeavesEvenWhenTheMirrorIsReportedOn(@TempDir Path dir) throws Exception {
        try (Lab lab = Lab.start(dir, "mirror-stale", 6)) {
            String password = Files.readString(dir.resolve(LabFiles.MIRROR_PASSWORD)).strip();
            String token = Files.readString(dir.resolve(LabFiles.CODER_TOKEN)).strip();
            for (String format : new String[] {"table", "json", "markdown"}) {
                String output = LabKit.doctor(lab, format);
                assertThat(output).contains("mirror-out-of-sync");
                assertThat(output).doesNotContain(password).doesNotContain(token)
                        .doesNotContain(Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    /**
     * LiteLLM's credential secrets (their data holds a canary) and the key pitcrew sends to LiteLLM appear in no
     * report format, nothing logged to the process's stdout/stderr, and no file in the lab's directory but the key's
     * own file.
     */
    @Test
    void theLiteLLMCredentialsAndKeyNeverLeave(@TempDir Path dir) throws Exception {
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        try (Lab lab = Lab.start(dir, "litellm-credentials-expired", 6)) {
            String key = Files.readString(dir.resolve(LabFiles.LITELLM_KEY)).strip();
            assertThat(key).startsWith("sk-");
            StringBuilder everything = new StringBuilder();
            System.setOut(new PrintStream(logged, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
            try {
                for (String scenario : new String[] {"litellm-credentials-expired", "litellm-key-rotation"}) {
                    lab.reset();
                    lab.inject(scenario);
                    for (String format : new String[] {"table", "json", "markdown"}) everything.append(LabKit.doctor(lab, format)).append('\n');
                }
            } finally {
                System.setOut(realOut);
                System.setErr(realErr);
            }
            assertThat(everything).contains("litellm-aws-credentials").contains("credentials-expired").contains("key-rotation");
            everything.append(logged.toString(StandardCharsets.UTF_8));
            try (var files = Files.list(dir)) {
                for (var f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals(LabFiles.LITELLM_KEY)).toList()) {
                    everything.append(Files.readString(f)).append('\n');
                }
            }
            String text = everything.toString();
            assertThat(text).doesNotContain(LiteLLMScenarios.CANARY).doesNotContain(key)
                    .doesNotContain(Base64.getEncoder().encodeToString((LiteLLMScenarios.CANARY + "-aws-secret").getBytes(StandardCharsets.UTF_8)));
            assertThat(Files.getPosixFilePermissions(dir.resolve(LabFiles.LITELLM_KEY)))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }
}
