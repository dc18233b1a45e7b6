package io.pitcrew.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets never leave the process, tested from the secrets' side: every value of every Secret in every region of
 * the lab (pull secrets, LiteLLM's cloud credentials, the provisioners' pre-shared key), and every credential the
 * lab hands pitcrew in a file (mirror password, Coder token, LiteLLM key), is looked for — raw and base64 — in every
 * output format of doctor over the scenarios that report on secrets, in what the process logged, and in every file
 * pitcrew and the lab wrote besides the credential files themselves. Listing the secrets from the servers means a
 * secret added to the lab later is covered without touching this test.
 */
class EverySecretCanaryTest {

    private static final List<String> SCENARIOS = List.of("healthy", "pull-auth-expired", "mirror-stale", "proxy-unhealthy",
            "litellm-credentials-expired", "litellm-key-rotation", "provisioner-offline", "iam-role-missing");

    @Test
    void noSecretValueAppearsInAnyOutputLogOrFile(@TempDir Path dir) throws Exception {
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        try (Lab lab = Lab.start(dir, "healthy", 6)) {
            Set<String> secrets = LabKit.secretValues(lab);
            assertThat(secrets).as("the lab's secrets were found").hasSizeGreaterThanOrEqualTo(6)
                    .anySatisfy(v -> assertThat(v).isEqualTo(PullSecrets.CANARY_PASSWORD))
                    .anySatisfy(v -> assertThat(v).startsWith("lab-canary-psk-"));
            List<String> fileSecrets = List.of(LabFiles.MIRROR_PASSWORD, LabFiles.CODER_TOKEN, LabFiles.LITELLM_KEY);
            for (String f : fileSecrets) secrets.add(Files.readString(dir.resolve(f)).strip());

            StringBuilder everything = new StringBuilder();
            System.setOut(new PrintStream(logged, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
            try {
                for (String scenario : SCENARIOS) {
                    lab.reset();
                    lab.inject(scenario);
                    for (String format : List.of("table", "json", "markdown")) everything.append(LabKit.doctor(lab, format)).append('\n');
                }
            } finally {
                System.setOut(realOut);
                System.setErr(realErr);
            }
            assertThat(everything).contains("registry-auth", "credentials-expired", "coder-provisioner"); // it did report on them
            everything.append(logged.toString(StandardCharsets.UTF_8));
            try (var files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).filter(f -> !fileSecrets.contains(f.getFileName().toString())).toList()) {
                    everything.append(Files.readString(f)).append('\n');
                }
            }
            String text = everything.toString();
            for (String secret : secrets) {
                assertThat(text).as("a secret value leaked").doesNotContain(secret)
                        .doesNotContain(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }
}
