package io.pitcrew.doctor;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.pitcrew.check.Evidence;
import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.observe.LogTail;
import io.pitcrew.runbook.Finding;
import io.pitcrew.runbook.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static io.pitcrew.doctor.PlatformFixture.CONTROL;
import static io.pitcrew.doctor.PlatformFixture.EMEA;
import static io.pitcrew.doctor.PlatformFixture.NOW;
import static io.pitcrew.doctor.PlatformFixture.OREGON;
import static io.pitcrew.doctor.PlatformFixture.crashLooping;
import static io.pitcrew.doctor.PlatformFixture.notReady;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A platform component that is down is a finding even when pitcrew.yaml configures only Kubernetes (no coder:, health:
 * or litellm: block): its Deployment, pods, events and log tails show it. Each case breaks one component of an otherwise
 * healthy platform and asserts the incident type and cause whose symptoms it causes, where, and the evidence a responder
 * needs: the Deployment, the pods and why they fail, and the last error line of their logs.
 */
class ComponentOutageFindingsTest {

    /** The runbook's regions and names, no probes: what a user who has just pointed pitcrew at the kubeconfig runs. */
    private static final PitcrewConfig KUBERNETES_ONLY = PitcrewConfig.runbookDefaults();
    private static final Doctor DOCTOR = new Doctor(KUBERNETES_ONLY, Doctor.loadRunbook(Optional.empty()));

    private static List<Finding> diagnose(PlatformFixture platform) {
        return DOCTOR.diagnose(platform.snapshot(), NOW).findings();
    }

    private static Finding only(List<Finding> findings, String type, String cause) {
        assertThat(findings).extracting(Finding::key).containsExactly(type + "/" + cause);
        return findings.getFirst();
    }

    private static PlatformFixture breaking(String region, String deployment, UnaryOperator<PlatformFixture.Workload> fault) {
        PlatformFixture p = PlatformFixture.healthy();
        return p.put(region, fault.apply(p.get(region, deployment)));
    }

    private static void hasEvidence(Finding f, String kind, String name, String detail) {
        assertThat(f.evidence()).as(f.evidence().toString()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.name()).startsWith(name);
            assertThat(e.detail()).contains(detail);
        });
    }

    @Test
    void probesAreNotConfigured() {
        assertThat(KUBERNETES_ONLY.probes().coder()).isEmpty();
        assertThat(KUBERNETES_ONLY.probes().health()).isEmpty();
        assertThat(KUBERNETES_ONLY.probes().litellm()).isEmpty();
    }

    @Test
    void aHealthyPlatformWithAPausedKeyRotatorARolloutAndOldRestartsHasNoFinding() {
        assertThat(diagnose(PlatformFixture.healthy())).isEmpty();
        assertThat(diagnose(PlatformFixture.healthy().put(CONTROL, PlatformFixture.runningKeyRotator()))).isEmpty();
    }

    @Test
    void coderdCrashLoopingIsACompleteOutage() {
        Finding f = only(diagnose(breaking(CONTROL, "coder", w -> crashLooping(w, 1, "Error", LogTail.Component.CODER, List.of(
                "2026-11-25 10:38:51.204 [info]  coderd: connecting to postgres",
                "Encountered an error running \"coder server\", see \"coder server --help\" for more information",
                "error: connect to postgres: ping postgres: dial tcp 10.0.34.12:5432: connect: connection timed out")))),
                "subdomain-routing", "coderd-down");
        assertThat(f.regions()).containsExactly(CONTROL);
        assertThat(f.severity()).isEqualTo(Severity.P0);
        hasEvidence(f, "Deployment", "coder", "0 of 3 replicas available");
        hasEvidence(f, "Pod", "coder-", "CrashLoopBackOff, restarts 6, last exit 1 Error");
        hasEvidence(f, "Log", "coder-", "error: connect to postgres: ping postgres: dial tcp 10.0.34.12:5432");
    }

    @Test
    void aProxyRegionsCoderFailingReadinessIsThatProxyUnhealthy() {
        Finding f = only(diagnose(breaking(EMEA, "coder", w -> notReady(w, Duration.ofMinutes(7),
                "Readiness probe failed: Get \"http://10.2.3.20:8080/healthz\": dial tcp 10.2.3.20:8080: connect: connection refused",
                LogTail.Component.CODER, List.of("2026-11-25 10:39:30.001 [info]  wsproxy: starting",
                        "2026-11-25 10:39:40.118 [erro]  wsproxy: register with primary: Post \"https://ai.coder.com/api/v2/workspaceproxies/me/register\": context deadline exceeded")))),
                "subdomain-routing", "workspace-proxy-unhealthy");
        assertThat(f.regions()).containsExactly(EMEA);
        hasEvidence(f, "Deployment", "coder", "0 of 2 replicas available");
        hasEvidence(f, "Pod", "coder-", "Readiness probe failed: Get \"http://10.2.3.20:8080/healthz\"");
        hasEvidence(f, "Log", "coder-", "register with primary");
    }

    @Test
    void crashLoopingProvisionersAreAProvisionerFailure() {
        Finding f = only(diagnose(breaking(CONTROL, "coder-provisioner-default", w -> crashLooping(w, 1, "Error", LogTail.Component.PROVISIONER, List.of(
                "Encountered an error running \"coder provisionerd start\", see \"coder provisionerd start --help\" for more information",
                "error: connect to coderd: unauthorized: provisioner daemon key is invalid")))),
                "provisioner-failures", "provisioners-down");
        assertThat(f.regions()).containsExactly(CONTROL);
        assertThat(f.severity()).isEqualTo(Severity.P1);
        hasEvidence(f, "Deployment", "coder-provisioner-default", "0 of 6 replicas available");
        hasEvidence(f, "Log", "coder-provisioner-default-", "provisioner daemon key is invalid");
    }

    @Test
    void aCrashLoopingKeyRotatorIsALiteLLMAuthRisk() {
        PlatformFixture p = PlatformFixture.healthy().put(CONTROL, crashLooping(PlatformFixture.runningKeyRotator(), 1, "Error",
                LogTail.Component.KEY_ROTATOR, List.of("Traceback (most recent call last):",
                        "RuntimeError: LITELLM_MASTER_KEY is not set; cannot list virtual keys")));
        Finding f = only(diagnose(p), "litellm-auth", "key-rotator-down");
        hasEvidence(f, "Deployment", "litellm-key-rotator", "0 of 1 replicas available");
        hasEvidence(f, "Log", "litellm-key-rotator-", "LITELLM_MASTER_KEY is not set");
    }

    @Test
    void crashLoopingLiteLLMIsAnOutageWithItsLastError() {
        Finding f = only(diagnose(breaking(CONTROL, "litellm", w -> crashLooping(w, 1, "Error", LogTail.Component.LITELLM, List.of(
                "LiteLLM: Proxy initializing",
                "ERROR:    Application startup failed. Exiting.",
                "Exception: Unable to connect to DATABASE_URL: connection to server at \"litellm-db\" port 5432 failed: Connection refused")))),
                "litellm-auth", "litellm-outage");
        hasEvidence(f, "Pod", "litellm-", "CrashLoopBackOff");
        hasEvidence(f, "Log", "litellm-", "Unable to connect to DATABASE_URL");
    }

    @Test
    void karpenterDownWithNothingWaitingIsItsOwnCause() {
        Finding f = only(diagnose(breaking(OREGON, "karpenter", w -> crashLooping(w, 1, "Error", LogTail.Component.KARPENTER, List.of(
                "{\"level\":\"FATAL\",\"time\":\"2026-11-25T10:39:12.201Z\",\"logger\":\"controller\",\"message\":\"Checking EC2 API connectivity, "
                        + "WebIdentityErr: failed to retrieve credentials\\ncaused by: AccessDenied: Not authorized to perform "
                        + "sts:AssumeRoleWithWebIdentity\\n\\tstatus code: 403\",\"commit\":\"490ef94\"}")))),
                "resource-contention", "karpenter-down");
        assertThat(f.regions()).containsExactly(OREGON);
        hasEvidence(f, "Deployment", "karpenter", "0 of 2 replicas available");
        hasEvidence(f, "Log", "karpenter-", "Not authorized to perform sts:AssumeRoleWithWebIdentity");
    }

    @Test
    void karpenterDownWhileWorkspacesWaitForANodeIsKarpenterNotScaling() {
        PlatformFixture p = breaking(OREGON, "karpenter", w -> crashLooping(w, 1, "Error", LogTail.Component.KARPENTER,
                List.of("{\"level\":\"FATAL\",\"message\":\"Checking EC2 API connectivity, WebIdentityErr: failed to retrieve credentials\"}")))
                .pods(OREGON, PlatformFixture.unschedulableWorkspace("coder-7f3a-ws-0", PlatformFixture.ago(Duration.ofMinutes(3))));
        Finding f = only(diagnose(p), "resource-contention", "karpenter-not-scaling");
        assertThat(f.severity()).isEqualTo(Severity.P1);
        hasEvidence(f, "Pod", "coder-7f3a-ws-0", "Insufficient cpu");
        hasEvidence(f, "Deployment", "karpenter", "0 of 2 replicas available");
    }

    @Test
    void provisionersKilledAtTheirMemoryLimitAreTheirLimitsNotAnOutage() {
        only(diagnose(breaking(CONTROL, "coder-provisioner-default", w -> crashLooping(w, 137, "OOMKilled", LogTail.Component.PROVISIONER,
                List.of("provisionerd: terraform apply: running plan")))), "provisioner-failures", "provisioner-resource-limits");
    }

    @Test
    void coderLosingSomeOfItsReplicasIsDegradedNotDown() {
        PlatformFixture p = PlatformFixture.healthy();
        PlatformFixture.Workload coder = p.get(CONTROL, "coder");
        PlatformFixture.Workload broken = crashLooping(coder, 137, "OOMKilled", LogTail.Component.CODER, List.of("fatal error: runtime: out of memory"));
        List<Pod> pods = new ArrayList<>(coder.pods());
        pods.set(2, broken.pods().get(2));
        p.put(CONTROL, new PlatformFixture.Workload(coder.deployment(), pods, broken.events(), broken.logs()));
        Finding f = only(diagnose(p), "subdomain-routing", "coder-degraded");
        assertThat(f.severity()).isEqualTo(Severity.P2);
        hasEvidence(f, "Deployment", "coder", "2 of 3 replicas available (needs 3)");
        hasEvidence(f, "Pod", "coder-", "last exit 137 OOMKilled");
    }

    @Test
    void theLoadBalancerControllerDownLeavesTheLoadBalancerUnmanaged() {
        Finding f = only(diagnose(breaking(OREGON, "aws-load-balancer-controller", w -> crashLooping(w, 1, "Error",
                LogTail.Component.LOAD_BALANCER_CONTROLLER, List.of("{\"level\":\"info\",\"ts\":\"2026-11-25T10:39:01Z\",\"msg\":\"version\",\"GitVersion\":\"v2.8.2\"}",
                        "{\"level\":\"error\",\"ts\":\"2026-11-25T10:39:06Z\",\"logger\":\"setup\",\"msg\":\"unable to initialize AWS cloud\","
                                + "\"error\":\"failed to get VPC ID: failed to fetch VPC ID from instance metadata: error in fetching vpc id through ec2 metadata: "
                                + "get mac metadata: operation error ec2imds: GetMetadata, canceled, context deadline exceeded\"}")))),
                "subdomain-routing", "load-balancer-not-ready");
        assertThat(f.regions()).containsExactly(OREGON);
        hasEvidence(f, "Deployment", "aws-load-balancer-controller", "0 of 2 replicas available");
        hasEvidence(f, "Log", "aws-load-balancer-controller-", "unable to initialize AWS cloud");
    }

    @Test
    void coreDnsDownBreaksTheRegionsInClusterNames() {
        Finding f = only(diagnose(breaking(EMEA, "coredns", w -> crashLooping(w, 1, "Error", LogTail.Component.COREDNS, List.of(
                ".:53", "[INFO] plugin/reload: Running configuration SHA512 = 8a7d59126e7f114ab49c6d2613be93d8ef7d408af8ee61a710210843dc409f03",
                "CoreDNS-1.11.1",
                "[FATAL] plugin/loop: Loop (127.0.0.1:36426 -> :53) detected for zone \".\", see https://coredns.io/plugins/loop#troubleshooting. "
                        + "Query: \"HINFO 4547991504243258144.3688648895315093531.\"")))),
                "subdomain-routing", "coredns-down");
        assertThat(f.regions()).containsExactly(EMEA);
        assertThat(f.severity()).isEqualTo(Severity.P1);
        hasEvidence(f, "Deployment", "coredns", "0 of 2 replicas available");
        hasEvidence(f, "Pod", "coredns-", "CrashLoopBackOff");
        hasEvidence(f, "Log", "coredns-", "[FATAL] plugin/loop: Loop (127.0.0.1:36426 -> :53) detected");
    }

    @Test
    void metricsServerNotReadyBlindsTheUsageChecks() {
        Finding f = only(diagnose(breaking(CONTROL, "metrics-server", w -> notReady(w, Duration.ofMinutes(12),
                "Readiness probe failed: HTTP probe failed with statuscode: 500", LogTail.Component.METRICS_SERVER, List.of(
                        "E1125 10:39:45.118263       1 scraper.go:149] \"Failed to scrape node\" err=\"Get \\\"https://10.0.1.23:10250/metrics/resource\\\": "
                                + "tls: failed to verify certificate: x509: cannot validate certificate for 10.0.1.23 because it doesn't contain any IP SANs\" "
                                + "node=\"ip-10-0-1-23.us-east-2.compute.internal\"",
                        "I1125 10:39:46.001212       1 server.go:191] \"Failed probe\" probe=\"metric-storage-ready\" err=\"no metrics to serve\"")))),
                "resource-contention", "metrics-server-down");
        assertThat(f.severity()).isEqualTo(Severity.P3);
        hasEvidence(f, "Pod", "metrics-server-", "Readiness probe failed: HTTP probe failed with statuscode: 500");
        // the last line that says what is wrong, not the last line
        hasEvidence(f, "Log", "metrics-server-", "Failed to scrape node");
    }

    /**
     * Where a component runs comes from pitcrew.yaml: CoreDNS in another namespace than {@code names} says is not judged
     * (no Deployment where it should be), and the region's status says which setting to change; once set, its outage is
     * found.
     */
    @Test
    void aComponentElsewhereThanNamesSaysIsToldAndFoundOnceConfigured() {
        PlatformFixture p = PlatformFixture.healthy();
        PlatformFixture.Workload dns = crashLooping(p.get(EMEA, "coredns"), 1, "Error", LogTail.Component.COREDNS, List.of("[FATAL] plugin/loop: Loop detected"));
        PlatformFixture moved = PlatformFixture.healthy().put(EMEA, inNamespace(dns, "dns"));

        DoctorReport report = DOCTOR.diagnose(moved.snapshot(), NOW);
        assertThat(report.findings()).isEmpty();
        assertThat(report.regions()).filteredOn(r -> r.name().equals(EMEA)).singleElement().satisfies(r -> assertThat(r.gaps()).containsExactly(
                "CoreDNS at kube-system/coredns: no such Deployment, but pods labelled k8s-app=kube-dns run in namespace dns (set names.corednsNamespace)"));

        PitcrewConfig configured = ConfigLoader.parse("pitcrew.yaml", """
                regions:
                  - {name: us-east-2, role: control-plane, domain: ai.coder.com}
                  - {name: us-west-2, role: proxy, domain: oregon-proxy.ai.coder.com}
                  - {name: eu-west-2, role: proxy, domain: emea-proxy.ai.coder.com}
                names:
                  corednsNamespace: dns
                """);
        // the log tail is read where the names say, so it arrives under the component either way
        DoctorReport found = new Doctor(configured, Doctor.loadRunbook(Optional.empty())).diagnose(moved.snapshot(), NOW);
        assertThat(found.findings()).extracting(Finding::key).containsExactly("subdomain-routing/coredns-down");
        assertThat(found.regions()).filteredOn(r -> r.name().equals(EMEA)).singleElement().satisfies(r -> assertThat(r.gaps()).isEmpty());
        // names hold for every region: where CoreDNS stayed in kube-system, that region now says so
        assertThat(found.regions()).filteredOn(r -> !r.name().equals(EMEA)).allSatisfy(r -> assertThat(r.gaps()).containsExactly(
                "CoreDNS at dns/coredns: no such Deployment, but pods labelled k8s-app=kube-dns run in namespace kube-system (set names.corednsNamespace)"));
    }

    private static PlatformFixture.Workload inNamespace(PlatformFixture.Workload w, String namespace) {
        var d = new DeploymentBuilder(w.deployment()).editMetadata().withNamespace(namespace).endMetadata().build();
        var pods = w.pods().stream().map(p -> new PodBuilder(p).editMetadata().withNamespace(namespace)
                .endMetadata().build()).toList();
        var logs = w.logs().stream().map(l -> new LogTail(l.component(), namespace, l.pod(), l.lines())).toList();
        var events = w.events().stream().map(e -> new EventBuilder(e).editMetadata().withNamespace(namespace)
                .endMetadata().editInvolvedObject().withNamespace(namespace).endInvolvedObject().build()).toList();
        return new PlatformFixture.Workload(d, pods, events, logs);
    }

    @Test
    void theEvidenceNamesEveryPodOfTheComponent() {
        Finding f = only(diagnose(breaking(EMEA, "coredns", w -> crashLooping(w, 1, "Error", LogTail.Component.COREDNS,
                List.of("[FATAL] plugin/loop: Loop detected")))), "subdomain-routing", "coredns-down");
        assertThat(f.evidence()).filteredOn(e -> e.kind().equals("Pod")).extracting(Evidence::namespace).containsOnly("kube-system");
        assertThat(f.evidence()).filteredOn(e -> e.kind().equals("Pod")).hasSize(2);
    }
}
