package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * LiteLLM as the healthy base has it (its Bedrock and Vertex credential secrets, routine proxy logs) and the faults
 * of runbook section 3: expired provider credentials, a key rotation that invalidates virtual keys, provider
 * throttling, an outage, saturated replicas.
 */
final class LiteLLMScenarios {

    static final String AWS_SECRET = "litellm-aws-credentials";
    static final String GCP_SECRET = "litellm-gcp-credentials";
    static final String EXPIRES_AT = "pitcrew.io/expires-at";
    /**
     * Random per JVM, planted in the credential secrets' data so tests can prove no credential ever leaves pitcrew.
     * Random rather than fixed so no test can pass by knowing it.
     */
    static final String CANARY = "lab-canary-litellm-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));

    private LiteLLMScenarios() {}

    /** A provider credential secret as {@code kubectl create secret generic} makes it, with its expiry annotated. */
    static Secret credentials(String name, Instant created, Instant expires) {
        boolean aws = name.equals(AWS_SECRET);
        var b = new SecretBuilder().withNewMetadata().withName(name).withNamespace("litellm")
                .withCreationTimestamp(created.toString()).addToLabels("app", "litellm")
                .addToAnnotations(EXPIRES_AT, expires.toString()).endMetadata()
                .withType("Opaque");
        if (aws) {
            // the environment variables LiteLLM reads for Bedrock; update-litellm-credentials replaces some of them
            b.addToData("AWS_ACCESS_KEY_ID", base64("ASIA" + CANARY.toUpperCase().replace('-', 'X')))
                    .addToData("AWS_SECRET_ACCESS_KEY", base64(CANARY + "-aws-secret"))
                    .addToData("AWS_REGION_NAME", base64("us-east-2"));
        } else {
            b.addToData("service-account.json", base64("{\"type\":\"service_account\",\"private_key\":\"" + CANARY + "-gcp-key\"}"));
        }
        return b.build();
    }

    /** Both secrets, refreshed three hours ago for twelve hours (the STS session length the lab assumes). */
    static List<Secret> healthyCredentials(Instant now) {
        Instant created = now.minus(Duration.ofHours(3));
        return List.of(credentials(AWS_SECRET, created, created.plus(Duration.ofHours(12))),
                credentials(GCP_SECRET, created, created.plus(Duration.ofDays(30))));
    }

    /** What a busy, healthy proxy writes: requests answered, the periodic spend update. */
    static List<ContainerLine> routineLogs(Instant now, int replica) {
        List<ContainerLine> lines = new ArrayList<>();
        lines.add(new ContainerLine(now.minus(Duration.ofHours(20)), "LiteLLM: Proxy initialized with Config, Set models:"
                + " bedrock-claude-sonnet, vertex-claude-sonnet"));
        for (int m = 90; m > 0; m -= 4) {
            lines.add(new ContainerLine(now.minus(Duration.ofMinutes(m)).plusSeconds(replica * 7L),
                    "INFO:     10.2." + (40 + replica) + "." + (m % 250) + ":5" + (1000 + m) + " - \"POST /v1/chat/completions HTTP/1.1\" 200 OK"));
        }
        lines.add(new ContainerLine(now.minus(Duration.ofMinutes(31)), "LiteLLM Proxy: spend logs updated (batch of 48)"));
        // the noise a busy proxy has: a participant's stale key long ago, one throttled call retried elsewhere
        if (replica == 0) {
            lines.add(new ContainerLine(now.minus(Duration.ofMinutes(44)), "LiteLLM Proxy:ERROR: auth_checks.py:112 - Authentication Error, "
                    + "Invalid proxy server token passed. Received API Key = sk-...9f2a, Key Hash (Token) =c41d07"));
            lines.add(new ContainerLine(now.minus(Duration.ofMinutes(6)), "LiteLLM Router: litellm.RateLimitError: BedrockException - "
                    + "ThrottlingException; retrying on vertex-claude-sonnet"));
        }
        return lines;
    }

    static void seed(RegionPlan plan, Instant now, Consumer<HasMetadata> store, LogBook logs) {
        plan.component("litellm").ifPresent(c -> {
            healthyCredentials(now).forEach(store);
            for (int i = 0; i < c.pods().size(); i++) logs.append(c.namespace(), c.pods().get(i), routineLogs(now, i));
        });
    }

    private static RegionPlan.ComponentPlan litellm(Topology t) {
        return t.region(Scenarios.CONTROL).component("litellm").orElseThrow();
    }

    /** The Bedrock credentials expired two hours ago; both providers refuse LiteLLM, /health says so. */
    static List<Change> credentialsExpired(Topology t, Instant now) {
        RegionPlan.ComponentPlan c = litellm(t);
        Instant created = now.minus(Duration.ofHours(14));
        List<ContainerLine> lines = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            lines.add(new ContainerLine(now.minusSeconds(40 + 90L * k), "LiteLLM Proxy:ERROR: proxy_server.py:3662 - litellm.AuthenticationError: "
                    + "BedrockException Invalid Authentication - {\"message\":\"The security token included in the request is expired\"}"));
        }
        return List.of(new Change.Put(Scenarios.CONTROL, credentials(AWS_SECRET, created, created.plus(Duration.ofHours(12)))),
                new Change.LiteLLM(Scenarios.CONTROL, LabLiteLLM.State.UPSTREAM_AUTH_FAILING),
                new Change.Logs(Scenarios.CONTROL, c.namespace(), c.pods().getFirst(), lines));
    }

    /** The rotator revoked the old virtual keys a minute ago; workspaces still send them and LiteLLM refuses. */
    static List<Change> keyRotation(Topology t, Instant now) {
        RegionPlan.ComponentPlan rotator = t.region(Scenarios.CONTROL).component("litellm-key-rotator").orElseThrow();
        RegionPlan.ComponentPlan c = litellm(t);
        List<Change> out = new ArrayList<>();
        out.add(new Change.Logs(Scenarios.CONTROL, rotator.namespace(), rotator.pods().getFirst(), List.of(
                new ContainerLine(now.minusSeconds(150), "rotating LiteLLM virtual keys (42 keys, schedule every 4h30m)"),
                new ContainerLine(now.minusSeconds(62), "rotated 42 virtual keys; old keys revoked, new keys propagating"),
                new ContainerLine(now.minusSeconds(61), "next rotation in 4h30m"))));
        for (int p = 0; p < c.pods().size(); p++) {
            List<ContainerLine> lines = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                lines.add(new ContainerLine(now.minusSeconds(10 + 17L * k + 5L * p), "LiteLLM Proxy:ERROR: auth_checks.py:112 - Authentication Error, "
                        + "Invalid proxy server token passed. Received API Key = sk-..." + HexFormat.of().toHexDigits((byte) (p * 16 + k))
                        + "e1, Key Hash (Token) =7f3c9a. Unable to find token in cache or `LiteLLM_VerificationTokenTable`"));
            }
            out.add(new Change.Logs(Scenarios.CONTROL, c.namespace(), c.pods().get(p), lines));
        }
        return out;
    }

    /** A workshop's burst: Bedrock throttles LiteLLM. */
    static List<Change> rateLimited(Topology t, Instant now) {
        RegionPlan.ComponentPlan c = litellm(t);
        List<ContainerLine> lines = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            lines.add(new ContainerLine(now.minusSeconds(20 + 45L * k), "LiteLLM Proxy:ERROR: proxy_server.py:3662 - litellm.RateLimitError: "
                    + "BedrockException - {\"message\":\"Too many requests, please wait before trying again.\"} (ThrottlingException)"));
        }
        return List.of(new Change.LiteLLM(Scenarios.CONTROL, LabLiteLLM.State.UPSTREAM_RATE_LIMITED),
                new Change.Logs(Scenarios.CONTROL, c.namespace(), c.pods().get(1 % c.pods().size()), lines));
    }

    /** LiteLLM lost its database: readiness fails and two replicas crash-loop on start. */
    static List<Change> outage(Topology t, Instant now) {
        RegionPlan.ComponentPlan c = litellm(t);
        List<Change> out = new ArrayList<>();
        out.add(new Change.LiteLLM(Scenarios.CONTROL, LabLiteLLM.State.READINESS_FAILING));
        for (int i = 0; i < Math.min(2, c.pods().size()); i++) {
            Pod pod = Components.pod(c, i, now.minus(Duration.ofHours(20)));
            Instant crashed = now.minusSeconds(50 + 30L * i);
            pod.getStatus().setConditions(List.of(Pods.condition("Ready", "False", now.minus(Duration.ofMinutes(7))),
                    Pods.condition("PodScheduled", "True", now.minus(Duration.ofHours(20)))));
            pod.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder(pod.getStatus().getContainerStatuses().getFirst())
                    .withReady(false).withRestartCount(5 + i)
                    .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                    .withMessage("back-off 2m40s restarting failed container=litellm pod=" + pod.getMetadata().getName()).endWaiting().endState()
                    .withNewLastState().withNewTerminated().withReason("Error").withExitCode(1)
                    .withStartedAt(crashed.minusSeconds(20).toString()).withFinishedAt(crashed.toString()).endTerminated().endLastState()
                    .build()));
            out.add(new Change.Put(Scenarios.CONTROL, pod));
            out.add(new Change.Logs(Scenarios.CONTROL, c.namespace(), pod.getMetadata().getName(), List.of(
                    new ContainerLine(crashed.minusSeconds(19), "INFO:     Started server process [1]"),
                    new ContainerLine(crashed.minusSeconds(2), "ERROR:    Traceback (most recent call last): prisma.errors.ClientNotConnectedError"),
                    new ContainerLine(crashed.minusSeconds(1), "Exception: Unable to connect to DATABASE_URL: connection to server at "
                            + "\"litellm-db.litellm.svc\" (172.20.118.4), port 5432 failed: Connection refused"),
                    new ContainerLine(crashed, "ERROR:    Application startup failed. Exiting."))));
        }
        return out;
    }

    /** A workshop's load: every replica near its 2 vCPU limit. */
    static List<Change> capacity(Topology t, Instant now) {
        RegionPlan.ComponentPlan c = litellm(t);
        List<Change> out = new ArrayList<>();
        for (int i = 0; i < c.pods().size(); i++) {
            Pod pod = Components.pod(c, i, now.minus(Duration.ofHours(26 + i)));
            out.add(new Change.Put(Scenarios.CONTROL, Components.usage(c, pod, 91 + i % 3 * 3, 62 + i * 4, now)));
        }
        return out;
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
