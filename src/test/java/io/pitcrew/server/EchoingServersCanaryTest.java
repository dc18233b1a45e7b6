package io.pitcrew.server;

import io.pitcrew.cli.Pitcrew;
import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.doctor.Doctor;
import io.pitcrew.server.access.Role;
import io.pitcrew.server.access.TokenFile;
import io.pitcrew.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Secrets never leave the process, even when the servers pitcrew asks echo them back: every server here — three
 * Kubernetes API servers, coderd, LiteLLM, the health endpoints, both registries of the mirror, Slack, PagerDuty and
 * GitHub — answers 401 or 500 with the request's headers and body in its error body. Every credential pitcrew sends is
 * then looked for, as is and base64, in doctor's three formats, what the process logged, serve's API and pages, and
 * the incident commands' output and store.
 */
class EchoingServersCanaryTest {

    static final String KUBE_TOKEN_401 = "kube-bearer-canary-0a1b2c3d4e5f6789";
    static final String KUBE_TOKEN_500 = "kube-bearer-canary-9f8e7d6c5b4a3210";
    static final String KUBE_PASSWORD = "kube-basic-password-canary-5566";
    static final String CODER_TOKEN = "coder-canary-AbCdEf0123-4567890123456789";
    static final String LITELLM_KEY = "sk-litellm-canary-0123456789abcdef";
    static final String MIRROR_PASSWORD = "ecr-canary-password-0123456789";
    static final String SLACK_SECRET = "slack-canary-secret-0123456789";
    static final String ROUTING_KEY = "pd-routing-canary-0123456789abcdef";
    static final String GITHUB_TOKEN = "ghp_canaryToken0123456789abcdef";
    static final List<String> SECRETS = List.of(KUBE_TOKEN_401, KUBE_TOKEN_500, KUBE_PASSWORD, CODER_TOKEN, LITELLM_KEY,
            MIRROR_PASSWORD, SLACK_SECRET, ROUTING_KEY, GITHUB_TOKEN);

    @TempDir
    static Path dir;
    static EchoServer unauthorized;
    static EchoServer failing;
    static Path kubeconfig;
    static Path config;

    @BeforeAll
    static void platformOfEchoes() throws IOException {
        unauthorized = new EchoServer(401);
        failing = new EchoServer(500);
        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                current-context: us-east-2
                clusters:
                - {name: us-east-2, cluster: {server: "%1$s"}}
                - {name: us-west-2, cluster: {server: "%2$s"}}
                - {name: eu-west-2, cluster: {server: "%2$s"}}
                contexts:
                - {name: us-east-2, context: {cluster: us-east-2, user: east}}
                - {name: us-west-2, context: {cluster: us-west-2, user: west}}
                - {name: eu-west-2, context: {cluster: eu-west-2, user: eu}}
                users:
                - {name: east, user: {token: %3$s}}
                - {name: west, user: {token: %4$s}}
                - {name: eu, user: {username: admin, password: %5$s}}
                """.formatted(unauthorized.url(), failing.url(), KUBE_TOKEN_401, KUBE_TOKEN_500, KUBE_PASSWORD));
        for (var secret : List.of(List.of("coder-token", CODER_TOKEN), List.of("litellm-key", LITELLM_KEY),
                List.of("mirror-password", MIRROR_PASSWORD), List.of("slack-webhook", failing.url() + "/services/T0/B0/" + SLACK_SECRET),
                List.of("routing-key", ROUTING_KEY), List.of("github-token", GITHUB_TOKEN))) {
            Files.writeString(dir.resolve(secret.get(0)), secret.get(1) + "\n");
        }
        config = dir.resolve("pitcrew.yaml");
        Files.writeString(config, """
                regions:
                  - {name: us-east-2, role: control-plane, domain: ai.example.test}
                  - {name: us-west-2, role: proxy, domain: oregon.example.test}
                  - {name: eu-west-2, role: proxy, domain: emea.example.test}
                thresholds: {regionTimeout: 5s}
                coder: {url: "%2$s", tokenFile: coder-token}
                litellm: {url: "%2$s", keyFile: litellm-key}
                health:
                  urls: {us-east-2: "%2$s/healthz", us-west-2: "%1$s/healthz", eu-west-2: "%2$s/healthz"}
                mirror:
                  upstream: %3$s/coder/coder-preview:latest
                  image: %4$s/coder-preview:latest
                  username: AWS
                  passwordFile: mirror-password
                notifications:
                  slack: {webhookUrlFile: slack-webhook}
                  pagerduty: {routingKeyFile: routing-key, url: "%2$s/v2/enqueue"}
                  github: {repo: coder/ai.coder.com, tokenFile: github-token, url: "%2$s"}
                """.formatted(unauthorized.url(), failing.url(), unauthorized.hostPort(), failing.hostPort()));
    }

    @AfterAll
    static void stop() {
        unauthorized.close();
        failing.close();
    }

    @Test
    void doctorSaysWhatFailedInEveryFormatWithoutACredential() {
        StringBuilder everything = new StringBuilder();
        String logged = capturingTheProcessOutput(() -> {
            for (String format : List.of("table", "json", "markdown")) {
                everything.append(run("doctor", "--kubeconfig", kubeconfig.toString(), "--config", config.toString(), "-o", format));
            }
        });
        // it did report what went wrong: the regions, coderd, LiteLLM and the mirror
        assertThat(everything).contains("401", "500", "could not ask", "mirror");
        assertClean(everything + logged);
    }

    @Test
    void serveShowsNoCredentialToAnyViewer() throws IOException {
        Path tokens = dir.resolve("tokens.yaml");
        String viewer = TokenFile.add(tokens, "viewer-1", Role.VIEWER);
        StringBuilder seen = new StringBuilder();
        String logged = capturingTheProcessOutput(() -> {
            try (Store store = Store.open(dir.resolve("serve.db"));
                 Serve serve = Serve.open(ConfigLoader.load(config), Kubeconfig.read(kubeconfig), Doctor.loadRunbook(Optional.empty()),
                         QuickServe.settings(), TokenFile.load(tokens), store).watch()) {
                ApiClient api = new ApiClient(serve.port());
                await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/findings", viewer).json().path("notAsked").size() > 0);
                for (String path : List.of("/api/findings", "/api/regions", "/api/report", "/api/incidents", "/status", "/metrics")) {
                    seen.append(api.get(path, viewer).body()).append('\n');
                }
            }
        });
        assertThat(seen).contains("500");
        assertClean(seen + logged);
    }

    @Test
    void incidentNotificationsFailingAgainstEchoesLeaveNoCredentialInOutputOrStore() throws IOException {
        Path db = dir.resolve("incidents.db");
        // declared against echoes that fail (500: retried until the policy gives up), escalated against echoes that
        // refuse (401: given up at once): both failure paths, and the retries' minute is paid once
        Files.writeString(dir.resolve("slack-webhook-refused"), unauthorized.url() + "/services/T0/B0/" + SLACK_SECRET + "\n");
        Path refusing = Files.writeString(dir.resolve("refusing.yaml"), Files.readString(config)
                .replace("slack: {webhookUrlFile: slack-webhook}", "slack: {webhookUrlFile: slack-webhook-refused}")
                .replace("url: \"" + failing.url() + "/v2/enqueue\"", "url: \"" + unauthorized.url() + "/v2/enqueue\"")
                .replace("tokenFile: github-token, url: \"" + failing.url() + "\"", "tokenFile: github-token, url: \"" + unauthorized.url() + "\""));
        assertThat(Files.readString(refusing)).doesNotContain(failing.url() + "/v2").contains(unauthorized.url() + "/v2/enqueue");
        StringBuilder everything = new StringBuilder();
        String logged = capturingTheProcessOutput(() -> {
            everything.append(run("incident", "declare", "LiteLLM down", "--severity", "P1", "--commander", "alice",
                    "--config", config.toString(), "--db", db.toString(), "--as", "alice"));
            everything.append(run("incident", "escalate", "--reason", "users cannot work", "--config", refusing.toString(),
                    "--db", db.toString(), "--as", "alice"));
            everything.append(run("incident", "show", "--db", db.toString(), "-o", "json"));
        });
        assertThat(everything).contains("INC-1", "500", "401");
        everything.append(new String(Files.readAllBytes(db), StandardCharsets.ISO_8859_1));
        assertClean(everything + logged);
    }

    private static void assertClean(String text) {
        for (String secret : SECRETS) {
            assertThat(text).as("a credential leaked").doesNotContain(secret)
                    .doesNotContain(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(text).doesNotContain(Base64.getEncoder().encodeToString(("admin:" + KUBE_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .doesNotContain(Base64.getEncoder().encodeToString(("AWS:" + MIRROR_PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Pitcrew.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        cli.execute(args);
        return out + "\n" + err + "\n";
    }

    /** What the process printed on System.out and System.err (logs included) while {@code work} ran. */
    private static String capturingTheProcessOutput(Runnable work) {
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        System.setOut(new PrintStream(logged, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.setOut(realOut);
            System.setErr(realErr);
        }
        return logged.toString(StandardCharsets.UTF_8);
    }
}
