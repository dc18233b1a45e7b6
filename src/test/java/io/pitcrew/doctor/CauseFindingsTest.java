package io.pitcrew.doctor;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.pitcrew.config.ConfigLoader;
import io.pitcrew.config.Kubeconfig;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.check.Evidence;
import io.pitcrew.config.Probes;
import io.pitcrew.lab.Lab;
import io.pitcrew.runbook.Finding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each cause of runbook sections 1 and 4 from a faulty state in the lab's API servers: the finding's type, cause,
 * regions and the evidence that matters. doctor reads the servers through the lab's kubeconfig, as it would real ones.
 */
class CauseFindingsTest {

    @TempDir
    static Path dir;
    static Lab lab;
    static PitcrewConfig config;

    @BeforeAll
    static void start() {
        lab = Lab.start(dir, "healthy", 20);
        config = ConfigLoader.load(lab.config());
    }

    @AfterAll
    static void stop() {
        lab.close();
    }

    private static DoctorReport last;

    private static List<Finding> diagnose() {
        last = new Doctor(config, Doctor.loadRunbook(Optional.empty()))
                .run(Kubeconfig.read(lab.kubeconfig()), config.regions(), o -> {});
        return last.findings();
    }

    @ParameterizedTest(name = "{0} -> {1}/{2}")
    @CsvSource(delimiter = '|', value = {
            "storage-exhaustion   | workspace-restarts  | ephemeral-storage-exhaustion | us-west-2                     | Pod  | low on resource: ephemeral-storage",
            "storage-exhaustion   | workspace-restarts  | ephemeral-storage-exhaustion | us-west-2                     | Node | DiskPressure",
            "key-rotation         | workspace-restarts  | key-rotation                 | us-east-2,us-west-2,eu-west-2 | Log  | rotated 42 virtual keys",
            "node-pressure        | workspace-restarts  | resource-contention          | eu-west-2                     | Pod  | OOMKilled",
            "node-capacity        | resource-contention | insufficient-node-capacity   | us-east-2                     | NodePool | of limit",
            "too-many-workspaces  | resource-contention | too-many-workspaces          | us-west-2                     | Region | running workspace pods",
            "provisioner-shortage | provisioner-failures | insufficient-provisioners   | us-east-2                     | ProvisionerJob | queue position 1 of 4",
            "provisioner-shortage | provisioner-failures | insufficient-provisioners   | us-east-2                     | Deployment | 6 replicas (more than 15 users needs at least 8)",
            "provisioner-offline  | provisioner-failures | provisioner-daemons-offline | us-east-2                     | ProvisionerDaemon | its pod coder/coder-provisioner-default-",
            "builds-stuck         | provisioner-failures | builds-stuck                | us-east-2                     | Workspace | no provisioner daemon matches its job's tags",
            "karpenter-stuck      | resource-contention | karpenter-not-scaling        | eu-west-2                     | NodeClaim | LaunchFailed",
            "karpenter-no-capacity | resource-contention | karpenter-not-scaling       | us-west-2                     | NodeClaim | InsufficientCapacityError: NodeClaim default-",
            "region-down          | region-unreachable  | connection-refused           | eu-west-2                     | Context | Connection refused",
            "image-mismatch       | subdomain-routing   | image-version-mismatch       | eu-west-2                     | Pod  | us-east-2 runs sha256:",
            "lb-pending           | subdomain-routing   | load-balancer-not-ready      | us-west-2                     | Service | EXTERNAL-IP <pending>",
            "pull-auth-expired    | image-pull          | registry-auth                | us-east-2                     | Secret | ECR tokens expire after 12h",
            "pull-auth-expired    | image-pull          | registry-auth                | us-east-2                     | Pod  | 401 Unauthorized",
            "image-missing        | image-pull          | image-missing                | us-west-2                     | Pod  | not found",
            "registry-rate-limited | image-pull         | registry-rate-limited        | eu-west-2                     | Pod  | 429 Too Many Requests",
            "dns-misroute         | subdomain-routing   | dns-misconfiguration         | eu-west-2                     | DNS  | us-west-2's load balancer",
            "mirror-stale         | subdomain-routing   | mirror-out-of-sync           | us-east-2                     | Image | upstream",
            "health-failing       | subdomain-routing   | health-check-failing         | eu-west-2                     | Endpoint | HTTP 503",
            "provisioner-oom      | provisioner-failures | provisioner-resource-limits | us-east-2                     | Pod  | OOMKilled (exit 137)",
            "iam-role-missing     | provisioner-failures | iam-role                    | us-east-2                     | ServiceAccount | eks.amazonaws.com/role-arn",
            "terraform-lock       | provisioner-failures | terraform-state-lock        | us-east-2                     | Log  | Error acquiring the state lock",
            "proxy-unhealthy      | subdomain-routing   | workspace-proxy-unhealthy    | eu-west-2                     | WorkspaceProxy | coderd reports emea unreachable",
            "litellm-credentials-expired | litellm-auth | credentials-expired        | us-east-2                     | Secret | expired 2h00m ago (pitcrew.io/expires-at",
            "litellm-credentials-expired | litellm-auth | credentials-expired        | us-east-2                     | Model | litellm.AuthenticationError",
            "litellm-credentials-expired | litellm-auth | credentials-expired        | us-east-2                     | Log  | security token included in the request is expired",
            "litellm-key-rotation | litellm-auth        | key-rotation                 | us-east-2                     | Log  | Invalid proxy server token passed",
            "litellm-key-rotation | litellm-auth        | key-rotation                 | us-east-2                     | Log  | rotated 42 virtual keys",
            "litellm-rate-limited | litellm-auth        | upstream-rate-limited        | us-east-2                     | Model | litellm.RateLimitError",
            "litellm-rate-limited | litellm-auth        | upstream-rate-limited        | us-east-2                     | Log  | ThrottlingException",
            "litellm-outage       | litellm-auth        | litellm-outage               | us-east-2                     | Endpoint | HTTP 503: Service Unhealthy",
            "litellm-outage       | litellm-auth        | litellm-outage               | us-east-2                     | Pod  | CrashLoopBackOff",
            "litellm-capacity     | litellm-auth        | litellm-capacity-exceeded    | us-east-2                     | Pod  | of its limits",
            "coderd-down          | subdomain-routing   | coderd-down                  | us-east-2                     | Deployment | 0 of 3 replicas available",
            "coderd-down          | subdomain-routing   | coderd-down                  | us-east-2                     | Log  | error: connect to postgres",
            "proxy-down           | subdomain-routing   | workspace-proxy-unhealthy    | eu-west-2                     | Pod  | Readiness probe failed: Get",
            "proxy-down           | subdomain-routing   | workspace-proxy-unhealthy    | eu-west-2                     | WorkspaceProxy | coderd reports emea unreachable",
            "provisioners-crashloop | provisioner-failures | provisioners-down         | us-east-2                     | Log  | provisioner daemon key is invalid",
            "karpenter-down       | resource-contention | karpenter-down               | us-west-2                     | Log  | sts:AssumeRoleWithWebIdentity",
            "lb-controller-down   | subdomain-routing   | load-balancer-not-ready      | us-west-2                     | Log  | unable to initialize AWS cloud",
            "coredns-down         | subdomain-routing   | coredns-down                 | eu-west-2                     | Log  | [FATAL] plugin/loop",
            "metrics-server-down  | resource-contention | metrics-server-down          | us-east-2                     | Pod  | Readiness probe failed: HTTP probe failed with statuscode: 500",
    })
    void scenarioGivesItsCauseWithEvidence(String scenario, String type, String cause, String regions, String kind, String detail) {
        lab.reset();
        lab.inject(scenario);
        List<Finding> findings = diagnose();
        assertThat(findings).as("regions: %s", last.regions())
                .extracting(Finding::key).containsExactly(type + "/" + cause);
        Finding f = findings.getFirst();
        assertThat(f.regions()).containsExactly(regions.split(","));
        assertThat(f.evidence()).as(f.evidence().toString())
                .anySatisfy(e -> {
                    assertThat(e.kind()).isEqualTo(kind);
                    assertThat(e.detail()).containsIgnoringCase(detail);
                });
        assertThat(f.actions()).isNotEmpty().allSatisfy(a -> {
            if (a.command() != null) assertThat(a.command()).doesNotContainPattern("\\{[a-zA-Z]+}").doesNotContain("<pod>", "<context>");
        });
    }

    /**
     * A platform component down is found with only Kubernetes configured (no coder:, health:, litellm:, dns: or mirror:
     * block, as a user who has just pointed pitcrew at a kubeconfig runs it), with the Deployment, the failing pods and
     * the last error line of their logs.
     */
    @ParameterizedTest(name = "{0} -> {1}/{2}")
    @CsvSource(delimiter = '|', value = {
            "coderd-down            | subdomain-routing    | coderd-down               | us-east-2 | CrashLoopBackOff, restarts 6, last exit 1 Error | error: connect to postgres: ping postgres",
            "proxy-down             | subdomain-routing    | workspace-proxy-unhealthy | eu-west-2 | Readiness probe failed: Get | register with primary",
            "provisioners-crashloop | provisioner-failures | provisioners-down         | us-east-2 | CrashLoopBackOff | provisioner daemon key is invalid",
            "karpenter-down         | resource-contention  | karpenter-down            | us-west-2 | CrashLoopBackOff | Not authorized to perform sts:AssumeRoleWithWebIdentity",
            "lb-controller-down     | subdomain-routing    | load-balancer-not-ready   | us-west-2 | CrashLoopBackOff | unable to initialize AWS cloud",
            "coredns-down           | subdomain-routing    | coredns-down              | eu-west-2 | CrashLoopBackOff | [FATAL] plugin/loop: Loop (127.0.0.1:36426 -> :53) detected",
            "metrics-server-down    | resource-contention  | metrics-server-down       | us-east-2 | Readiness probe failed: HTTP probe failed with statuscode: 500 | Failed to scrape node",
            "litellm-outage         | litellm-auth         | litellm-outage            | us-east-2 | CrashLoopBackOff | Application startup failed",
    })
    void aComponentDownIsFoundWithOnlyKubernetesConfigured(String scenario, String type, String cause, String region, String pod, String logLine) {
        lab.reset();
        lab.inject(scenario);
        PitcrewConfig kubernetesOnly = config.withProbes(Probes.none());
        DoctorReport report = new Doctor(kubernetesOnly, Doctor.loadRunbook(Optional.empty()))
                .run(Kubeconfig.read(lab.kubeconfig()), config.regions(), o -> {});
        assertThat(report.findings()).extracting(Finding::key).containsExactly(type + "/" + cause);
        Finding f = report.findings().getFirst();
        assertThat(f.regions()).containsExactly(region);
        assertThat(f.evidence()).as(f.evidence().toString())
                .anySatisfy(e -> assertThat(e.kind()).isEqualTo("Deployment"))
                .anySatisfy(e -> {
                    assertThat(e.kind()).isEqualTo("Pod");
                    assertThat(e.detail()).contains(pod);
                })
                .anySatisfy(e -> {
                    assertThat(e.kind()).isEqualTo("Log");
                    assertThat(e.detail()).contains(logLine);
                });
    }

    /** metrics-server down also leaves the region's metrics API answering 503: the region's status says what is not seen. */
    @Test
    void metricsServerDownLeavesAGapInTheRegionsStatus() {
        lab.reset();
        lab.inject("metrics-server-down");
        diagnose();
        assertThat(last.regions()).filteredOn(r -> r.name().equals("us-east-2")).singleElement()
                .satisfies(r -> assertThat(r.gaps()).anyMatch(g -> g.startsWith("metrics.k8s.io nodes") && g.contains("503")));
    }

    @Test
    void aKeyRotationRejectingVirtualKeysSaysWhenItStartedAndWhenTheNextIsDue() {
        lab.reset();
        lab.inject("litellm-key-rotation");
        Finding f = diagnose().getFirst();
        assertThat(f.cause()).isEqualTo("key-rotation");
        assertThat(f.summary()).containsPattern("rotation started \\S+Z \\(2m\\d* ago\\), finished after 1m")
                .containsPattern("next due \\S+Z \\(in 4h2\\dm\\), announced: \"next rotation in 4h30m\"");
    }

    @Test
    void healthyLabHasNoFinding() {
        lab.reset();
        assertThat(diagnose()).isEmpty();
    }

    /** Without the Coder API there is no job queue to read: the provisioner logs and replica counts tell the shortage. */
    @Test
    void provisionerShortageWithoutCoderApiIsSeenInTheLogs() {
        lab.reset();
        lab.inject("provisioner-shortage");
        var p = config.probes();
        PitcrewConfig kubernetesOnly = config.withProbes(new Probes(p.dnsServer(), p.mirror(), p.health(), Optional.empty()));
        List<Finding> findings = new Doctor(kubernetesOnly, Doctor.loadRunbook(Optional.empty()))
                .run(Kubeconfig.read(lab.kubeconfig()), config.regions(), o -> {}).findings();
        assertThat(findings).extracting(Finding::key)
                .containsExactly("resource-contention/insufficient-provisioners");
        assertThat(findings.getFirst().evidence()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo("Log");
            assertThat(e.detail()).contains("queue");
        });
    }

    @Test
    void podsEvictedForMemoryAreNodeCapacityExceeded() {
        lab.reset();
        Config c = Config.fromKubeconfig("us-west-2", lab.kubeconfig().toFile());
        try (var client = new KubernetesClientBuilder().withConfig(c).build()) {
            for (int i = 0; i < 3; i++) {
                String now = Instant.now().minusSeconds(60L * i).toString();
                client.pods().inNamespace("coder-workspaces").resource(new PodBuilder()
                        .withNewMetadata().withName("coder-evicted-" + i).withNamespace("coder-workspaces")
                        .addToLabels("app.kubernetes.io/name", "coder-workspace").addToLabels("com.coder.user.username", "u" + i)
                        .endMetadata()
                        .withNewSpec().withNodeName("ip-10-20-1-1.us-west-2.compute.internal").addNewContainer().withName("dev").withImage("x").endContainer().endSpec()
                        .withNewStatus().withPhase("Failed").withReason("Evicted")
                        .withMessage("The node was low on resource: memory. Threshold quantity: 100Mi, available: 51200Ki. Container dev was using 7812Mi, request is 4Gi.")
                        .addNewCondition().withType("DisruptionTarget").withStatus("True").withReason("TerminationByKubelet").withLastTransitionTime(now).endCondition()
                        .endStatus().build()).create();
            }
        }
        List<Finding> findings = diagnose();
        assertThat(findings).extracting(Finding::key).containsExactly("workspace-restarts/node-capacity-exceeded");
        assertThat(findings.getFirst().regions()).containsExactly("us-west-2");
        assertThat(findings.getFirst().evidence()).extracting(Evidence::detail).anySatisfy(d -> assertThat(d).contains("low on resource: memory"));
        assertThat(findings.getFirst().severity().name()).isEqualTo("P1");
    }
}
