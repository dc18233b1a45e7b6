package io.pitcrew.lab;

import io.pitcrew.cli.Pitcrew;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Secrets never leave the process: the lab's pull secrets carry a canary that no report may contain. */
class LabSecretCanaryTest {

    @ParameterizedTest
    @ValueSource(strings = {"table", "json", "markdown"})
    void noFormatPrintsTheCredentialsOfAPullSecretItReportsOn(String format) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Pitcrew.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("demo", "--scenario", "pull-auth-expired", "-o", format, "--workspaces", "8")).isZero();

        String everything = out + "\n" + err;
        assertThat(everything).contains("ECR pull secret"); // the secret is reported on ...
        String auth = Base64.getEncoder().encodeToString(("AWS:" + PullSecrets.CANARY_PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(everything).doesNotContain(PullSecrets.CANARY_PASSWORD).doesNotContain(auth); // ... never its content
    }

    @org.junit.jupiter.api.Test
    void theMirrorPasswordNeverLeavesEvenWhenTheMirrorIsReportedOn(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (Lab lab = Lab.start(dir, "mirror-stale", 6)) {
            String password = java.nio.file.Files.readString(dir.resolve(LabFiles.MIRROR_PASSWORD)).strip();
            String token = java.nio.file.Files.readString(dir.resolve(LabFiles.CODER_TOKEN)).strip();
            for (String format : new String[] {"table", "json", "markdown"}) {
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                var cli = Pitcrew.commandLine();
                cli.setOut(new PrintWriter(out));
                cli.setErr(new PrintWriter(err));
                int exit = cli.execute("doctor", "--kubeconfig", lab.kubeconfig().toString(), "--config", lab.config().toString(), "-o", format);
                assertThat(exit).as(err.toString()).isEqualTo(1);
                assertThat(out.toString()).contains("mirror-out-of-sync");
                assertThat(out + "\n" + err).doesNotContain(password).doesNotContain(token)
                        .doesNotContain(Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8)));
            }
        }
    }
}
