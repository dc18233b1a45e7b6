package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.pitcrew.observe.CredentialSecret;
import io.pitcrew.observe.LogTail;
import io.pitcrew.observe.RegionObservation;
import io.pitcrew.observe.Snapshot;
import io.pitcrew.observe.litellm.LiteLLMAnswer;
import io.pitcrew.observe.litellm.LiteLLMProbe;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.pitcrew.check.SnapshotFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Each LiteLLM check from a faulty and a healthy state (runbook §3). */
class LiteLLMChecksTest {

    // ---- pods

    static PodBuilder litellm(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("litellm").addToLabels("app", "litellm").endMetadata()
                .withNewSpec().addNewContainer().withName("litellm").withNewResources()
                .addToLimits("cpu", new Quantity("2")).addToLimits("memory", new Quantity("4Gi")).endResources().endContainer().endSpec()
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(agoText(Duration.ofHours(20))).endCondition()
                .addNewContainerStatus().withName("litellm").withReady(true).withRestartCount(0)
                .withNewState().withNewRunning().withStartedAt(agoText(Duration.ofHours(20))).endRunning().endState().endContainerStatus()
                .endStatus();
    }

    static Pod crashLooping(String name) {
        return litellm(name).editStatus().withContainerStatuses(new ContainerStatusBuilder().withName("litellm").withReady(false).withRestartCount(6)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").withFinishedAt(agoText(Duration.ofMinutes(1))).endTerminated().endLastState()
                .build()).endStatus().build();
    }

    static PodMetrics usage(Pod pod, String cpu, String memory) {
        return new PodMetricsBuilder().withNewMetadata().withName(pod.getMetadata().getName()).withNamespace("litellm").endMetadata()
                .addNewContainer().withName("litellm").addToUsage("cpu", new Quantity(cpu)).addToUsage("memory", new Quantity(memory)).endContainer()
                .build();
    }

    @Test
    void aCrashLoopingReplicaIsDownAndHealthyReplicasAreNot() {
        Pod healthy = litellm("litellm-7d9f-a").build();
        List<Signal> signals = region().pods(healthy, crashLooping("litellm-7d9f-b")).run(new LiteLLMPodsCheck());

        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("litellm-pods-down");
            assertThat(s.summary()).startsWith("1 of 2 LiteLLM pods");
            assertThat(s.evidence()).extracting(Evidence::ref, Evidence::detail)
                    .containsExactly(Tuple.tuple("Pod litellm/litellm-7d9f-b", "CrashLoopBackOff, restarts 6, last exit 1 Error"));
        });
        assertThat(region().pods(healthy).run(new LiteLLMPodsCheck())).isEmpty();
    }

    @Test
    void aReplicaNotReadyPastTheGraceIsDownButARolloutsMomentIsNot() {
        Pod stuck = litellm("litellm-7d9f-c").editStatus().editFirstCondition().withStatus("False")
                .withLastTransitionTime(agoText(Duration.ofMinutes(9))).withMessage("containers with unready status: [litellm]").endCondition().endStatus().build();
        Pod rolling = litellm("litellm-7d9f-d").editStatus().editFirstCondition().withStatus("False")
                .withLastTransitionTime(agoText(Duration.ofSeconds(30))).endCondition().endStatus().build();

        assertThat(region().pods(stuck, rolling).run(new LiteLLMPodsCheck())).singleElement()
                .satisfies(s -> assertThat(s.evidence()).extracting(Evidence::detail)
                        .containsExactly("Running but not Ready for 9m: containers with unready status: [litellm]"));
    }

    @Test
    void mostReplicasNearTheirLimitsAreSaturated() {
        Pod a = litellm("litellm-a").build(), b = litellm("litellm-b").build(), c = litellm("litellm-c").build(), d = litellm("litellm-d").build();
        List<Signal> signals = region().pods(a, b, c, d)
                .podMetrics(usage(a, "1900m", "2Gi"), usage(b, "1800m", "2Gi"), usage(c, "500m", "3900Mi"), usage(d, "600m", "1Gi"))
                .run(new LiteLLMCapacityCheck());

        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("litellm-saturated");
            assertThat(s.affected()).isEqualTo(3);
            assertThat(s.summary()).isEqualTo("3 of 4 LiteLLM replicas at or above 85% of their cpu or memory limit");
            assertThat(s.evidence().getFirst().detail()).isEqualTo("cpu 95% (1900m of 2000m), memory 50% (2.0Gi of 4.0Gi) of its limits");
        });
    }

    @Test
    void aSidecarWithoutLimitsDoesNotCountAgainstLiteLLMsLimit() {
        // metrics.k8s.io reports every container; only litellm has the 2 vCPU / 4 GB limit
        List<Pod> pods = new ArrayList<>();
        List<PodMetrics> metrics = new ArrayList<>();
        for (String name : List.of("litellm-a", "litellm-b", "litellm-c")) {
            Pod p = litellm(name).editSpec().addNewContainer().withName("otel-collector").endContainer().endSpec().build();
            pods.add(p);
            metrics.add(new PodMetricsBuilder(usage(p, "1500m", "2Gi")).addNewContainer().withName("otel-collector")
                    .addToUsage("cpu", new Quantity("600m")).addToUsage("memory", new Quantity("3Gi")).endContainer().build());
        }
        assertThat(region().pods(pods).podMetrics(metrics.toArray(PodMetrics[]::new)).run(new LiteLLMCapacityCheck())).isEmpty();
    }

    @Test
    void oneHotReplicaOrAnUnmeasuredOneIsNotACapacityProblem() {
        Pod a = litellm("litellm-a").build(), b = litellm("litellm-b").build(), c = litellm("litellm-c").build();
        assertThat(region().pods(a, b, c).podMetrics(usage(a, "1990m", "3Gi"), usage(b, "400m", "1Gi")).run(new LiteLLMCapacityCheck())).isEmpty();
        assertThat(region().pods(a, b).run(new LiteLLMCapacityCheck())).isEmpty();
    }

    // ---- logs

    @Test
    void logLinesAreToldApartByWhoRefusesWhom() {
        List<Signal> signals = region().log(LogTail.Component.LITELLM, "litellm", "litellm-7d9f-a",
                        line(Duration.ofMinutes(3), "litellm.AuthenticationError: BedrockException Invalid Authentication - The security token included in the request is expired"),
                        line(Duration.ofMinutes(2), "LiteLLM Proxy:ERROR: auth_checks.py:112 - Authentication Error, Invalid proxy server token passed. Received API Key = sk-...x1y2"),
                        line(Duration.ofMinutes(2), "litellm.RateLimitError: BedrockException - ThrottlingException: Too many requests"),
                        line(Duration.ofMinutes(3), "litellm.RateLimitError: VertexAIException - 429 RESOURCE_EXHAUSTED"),
                        line(Duration.ofMinutes(4), "{\"error\":{\"type\":\"throttling_error\",\"code\":\"429\"}}"),
                        line(Duration.ofHours(2), "litellm.AuthenticationError: VertexAIException - UNAUTHENTICATED"),
                        line(Duration.ofMinutes(1), "INFO:     10.2.3.4:51234 - \"POST /v1/chat/completions HTTP/1.1\" 200 OK"))
                .run(new LiteLLMLogsCheck());

        assertThat(signals).extracting(Signal::id).containsExactly("litellm-upstream-auth-errors", "litellm-keys-rejected", "litellm-upstream-throttled");
        assertThat(signals).extracting(Signal::affected).containsExactly(1, 1, 3);
        assertThat(signals.get(1).evidence().getFirst().detail()).contains("Invalid proxy server token passed");
    }

    @Test
    void routineLiteLLMLogsRaiseNothing() {
        assertThat(region().log(LogTail.Component.LITELLM, "litellm", "litellm-7d9f-a",
                        line(Duration.ofMinutes(1), "INFO:     10.2.3.4:51234 - \"POST /v1/chat/completions HTTP/1.1\" 200 OK"),
                        line(Duration.ofMinutes(1), "LiteLLM: Proxy initialized with Config, Set models: bedrock-claude, vertex-claude"),
                        // one throttled call, retried elsewhere, and a stale key an hour ago: routine
                        line(Duration.ofMinutes(2), "litellm.RateLimitError: BedrockException - ThrottlingException; retrying on vertex-claude"),
                        line(Duration.ofMinutes(60), "Authentication Error, Invalid proxy server token passed"))
                .run(new LiteLLMLogsCheck())).isEmpty();
    }

    // ---- credentials

    static CredentialSecret secret(String name, Duration age, Duration expiresIn) {
        return new CredentialSecret("litellm", name, true, ago(age), ago(age), expiresIn == null ? null : NOW.plus(expiresIn),
                expiresIn == null ? "" : "pitcrew.io/expires-at");
    }

    @Test
    void anExpiredOrMissingCredentialSecretIsReportedByNameAgeAndExpiry() {
        List<Signal> signals = region().pods(litellm("litellm-a").build())
                .credentialSecrets(secret("litellm-aws-credentials", Duration.ofHours(14), Duration.ofHours(-2)),
                        new CredentialSecret("litellm", "litellm-gcp-credentials", false, null, null, null, ""))
                .run(new LiteLLMCredentialsCheck());

        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("litellm-credentials-expired");
            assertThat(s.evidence()).extracting(Evidence::ref).containsExactly("Secret litellm/litellm-aws-credentials", "Secret litellm/litellm-gcp-credentials");
            assertThat(s.evidence().getFirst().detail())
                    .isEqualTo("expired 2h00m ago (pitcrew.io/expires-at: 2025-06-12T13:00:00Z), created 14h00m ago");
            assertThat(s.evidence().get(1).detail()).startsWith("missing");
        });
    }

    @Test
    void freshCredentialsOrARegionWithoutLiteLLMRaiseNothing() {
        CredentialSecret fresh = secret("litellm-aws-credentials", Duration.ofHours(3), Duration.ofDays(20));
        CredentialSecret noExpiry = secret("litellm-gcp-credentials", Duration.ofDays(30), null);
        assertThat(region().pods(litellm("litellm-a").build()).credentialSecrets(fresh, noExpiry).run(new LiteLLMCredentialsCheck())).isEmpty();
        // a proxy region has no LiteLLM: that its secrets are "missing" there is no fact about LiteLLM
        assertThat(region().in(PROXY).credentialSecrets(new CredentialSecret("litellm", "litellm-aws-credentials", false, null, null, null, ""))
                .run(new LiteLLMCredentialsCheck())).isEmpty();
    }

    // ---- the endpoint

    static Snapshot snapshot(LiteLLMAnswer readiness, LiteLLMAnswer health) {
        return Snapshot.of(NOW, List.<RegionObservation>of(region().build()))
                .litellm(Optional.of(new LiteLLMProbe("https://litellm.ai.coder.com", readiness,
                        new LiteLLMAnswer.Up(200, "I'm alive!"), Optional.ofNullable(health))))
                .build();
    }

    static List<Signal> probe(LiteLLMAnswer readiness, LiteLLMAnswer health) {
        return new LiteLLMEndpointCheck().check(snapshot(readiness, health), CONTEXT);
    }

    static final LiteLLMAnswer READY = new LiteLLMAnswer.Up(200, "healthy, db connected, litellm 1.74.3");

    @Test
    void failingReadinessIsNotReadyWithWhatLiteLLMSaid() {
        List<Signal> signals = probe(new LiteLLMAnswer.Refused(503, LiteLLMAnswer.Refusal.UNAVAILABLE, "", "Service Unhealthy (db)", Optional.empty()), null);

        assertThat(signals).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("litellm-not-ready");
            assertThat(s.region()).isEqualTo("us-east-2");
            assertThat(s.evidence().getFirst().ref()).isEqualTo("Endpoint https://litellm.ai.coder.com/health/readiness");
            assertThat(s.evidence().getFirst().detail()).isEqualTo("HTTP 503: Service Unhealthy (db)");
        });
        assertThat(probe(new LiteLLMAnswer.Unreachable("connection-refused", "connection refused (litellm.ai.coder.com)"), null))
                .extracting(Signal::id).containsExactly("litellm-not-ready");
    }

    @Test
    void unhealthyModelsAreToldApartByTheProvidersError() {
        var models = new LiteLLMAnswer.Models(List.of(), List.of(
                new LiteLLMAnswer.ModelEndpoint("bedrock/claude", "https://bedrock-runtime.us-east-1.amazonaws.com", "litellm.AuthenticationError: BedrockException expired token"),
                new LiteLLMAnswer.ModelEndpoint("vertex_ai/claude", "", "litellm.RateLimitError: VertexAIException - 429 RESOURCE_EXHAUSTED")));

        assertThat(probe(READY, models)).extracting(Signal::id).containsExactly("litellm-models-auth-failing", "litellm-models-rate-limited");
        assertThat(probe(READY, new LiteLLMAnswer.Refused(429, LiteLLMAnswer.Refusal.RATE_LIMITED, "throttling_error", "litellm.RateLimitError: slow down",
                Optional.of(Duration.ofSeconds(7))))).singleElement()
                .satisfies(s -> assertThat(s.evidence().getFirst().detail()).endsWith("(retry after 7s)"));
    }

    @Test
    void aHealthyProxyOrOneNotProbedOrPitcrewsOwnRejectedKeyRaisesNothing() {
        assertThat(probe(READY, new LiteLLMAnswer.Models(List.of(new LiteLLMAnswer.ModelEndpoint("bedrock/claude", "", "")), List.of()))).isEmpty();
        var rejected = new LiteLLMAnswer.Refused(401, LiteLLMAnswer.Refusal.INVALID_KEY, "token_not_found_in_db", "Invalid proxy server token passed", Optional.empty());
        assertThat(probe(READY, rejected)).isEmpty();
        // ... but the report says /health could not be asked, rather than passing it off as healthy
        assertThat(snapshot(READY, rejected).notAsked()).containsExactly("LiteLLM /health: HTTP 401 token_not_found_in_db: Invalid proxy server token passed");
        assertThat(snapshot(READY, new LiteLLMAnswer.Models(List.of(), List.of())).notAsked()).isEmpty();
        assertThat(new LiteLLMEndpointCheck().check(new Snapshot(NOW, List.of()), CONTEXT)).isEmpty();
    }
}
