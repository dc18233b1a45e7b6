package io.pitcrew.yaml;

import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.runbook.RunbookLoader;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file a user hands pitcrew — pitcrew.yaml, an incident type of their own, a kubeconfig — made from a valid one by
 * a few hostile edits: it is read, or refused with problems that each name the file, say what is wrong and how to fix
 * it. Any other exception (a NullPointerException, a ClassCastException, Jackson's own) fails the property, and jqwik
 * shrinks it to the one edit that causes it.
 */
class FuzzedFilesTest {

    private static final RunbookLoader RUNBOOK = new RunbookLoader(Doctor.knownSignals());

    static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            current-context: us-east-2
            clusters:
              - name: us-east-2
                cluster: {server: "https://127.0.0.1:6443", certificate-authority-data: "LS0tLS1CRUdJTg==", insecure-skip-tls-verify: false}
              - name: eu-west-2
                cluster: {server: "https://10.0.0.2:443", proxy-url: "http://proxy:3128"}
            users:
              - name: admin
                user: {token: "sha256~canary", client-certificate-data: "LS0t", client-key-data: "LS0t"}
              - name: eks
                user: {tokenFile: /nonexistent/token}
              - name: basic
                user: {username: workshop, password: "sha256~canary-password", client-key-data: "sha256~canary-key"}
            contexts:
              - name: us-east-2
                context: {cluster: us-east-2, user: admin, namespace: coder}
              - name: eu-west-2
                context: {cluster: eu-west-2, user: eks}
              - name: basic
                context: {cluster: us-east-2, user: basic}
            """;

    @Provide
    Arbitrary<String> configs() {
        return Mutated.yaml(read(Path.of("examples/pitcrew.yaml")));
    }

    @Provide
    Arbitrary<String> incidentTypes() {
        return Arbitraries.of("workspace-restarts", "subdomain-routing", "litellm-auth", "resource-contention", "image-pull",
                "provisioner-failures", "region-unreachable").flatMap(name -> Mutated.yaml(resource("/runbook/" + name + ".yaml")));
    }

    @Provide
    Arbitrary<String> kubeconfigs() {
        return Mutated.yaml(KUBECONFIG);
    }

    @Property(tries = 500)
    void aMutatedConfigIsReadOrRefusedSayingWhereAndHow(@ForAll("configs") String yaml) {
        readOrRefused("pitcrew.yaml", () -> ConfigLoader.parse("pitcrew.yaml", yaml));
    }

    @Property(tries = 500)
    void aMutatedIncidentTypeIsReadOrRefusedSayingWhereAndHow(@ForAll("incidentTypes") String yaml) {
        readOrRefused("mine.yaml", () -> RUNBOOK.fromDocuments(List.of(YamlDocument.parse("mine.yaml", yaml))));
    }

    @Property(tries = 300)
    void aMutatedKubeconfigIsReadOrRefusedSayingWhereAndHow(@ForAll("kubeconfigs") String yaml) throws IOException {
        Path file = Files.createTempFile("kubeconfig", "");
        try {
            Files.writeString(file, yaml);
            readOrRefused(file.toString(), () -> {
                Kubeconfig kubeconfig = Kubeconfig.read(file);
                for (String context : kubeconfig.contexts()) {
                    if (kubeconfig.unusable(context).isPresent()) continue;
                    // a sweep takes a context it cannot make a client of as an unreachable region, with this message
                    try {
                        kubeconfig.clientConfig(context);
                    } catch (RuntimeException e) {
                        assertThat(String.valueOf(e.getMessage())).doesNotContain("sha256~canary");
                    }
                }
            });
        } finally {
            Files.delete(file);
        }
    }

    /** Read, or an {@link InvalidInputException} whose every problem names {@code source} and says what and how. */
    static void readOrRefused(String source, Runnable reading) {
        try {
            reading.run();
        } catch (InvalidInputException e) {
            assertThat(e.problems()).isNotEmpty().allSatisfy(p -> {
                assertThat(p.source()).isEqualTo(source);
                assertThat(p.message()).isNotBlank().doesNotContain("tools.jackson").doesNotContain("Exception");
                assertThat(p.fix()).as("how to fix: %s", p.render()).isNotBlank();
            });
            assertThat(e.getMessage()).doesNotContain("sha256~canary");
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = FuzzedFilesTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
