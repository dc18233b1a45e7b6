package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.pitcrew.observe.LogLine;
import io.pitcrew.observe.LogTail;
import io.pitcrew.observe.RegionSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pitcrew.check.SnapshotFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What counts as a platform component being down ({@link ComponentOutage}, {@link PodTrouble}, {@link ErrorLine}) and
 * which signal each component's check raises: the edges a whole-platform test does not reach — rollouts, the grace of a
 * starting pod, one replica of a leader-elected pair, scaled to zero, a stale status, a Deployment that cannot make pods.
 */
class ComponentChecksTest {

    static final Map<String, String> CODER = Map.of("app.kubernetes.io/name", "coder");
    static final Map<String, String> COREDNS = Map.of("k8s-app", "kube-dns");
    static final Map<String, String> KARPENTER = Map.of("app.kubernetes.io/name", "karpenter");
    static final Map<String, String> LB = Map.of("app.kubernetes.io/name", "aws-load-balancer-controller");

    // ---- objects

    static Deployment deployment(String ns, String name, Map<String, String> labels, int replicas, int available, IntOrString maxUnavailable) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(ns).withLabels(labels).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate().withMaxUnavailable(maxUnavailable)
                .withMaxSurge(new IntOrString("25%")).endRollingUpdate().endStrategy().endSpec()
                .withNewStatus().withReplicas(replicas).withReadyReplicas(available == 0 ? null : available)
                .withAvailableReplicas(available == 0 ? null : available).endStatus().build();
    }

    static PodBuilder ready(String ns, String name, Map<String, String> labels) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(ns).withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("main").endContainer().endSpec()
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").withLastTransitionTime(agoText(Duration.ofHours(20))).endCondition()
                .addNewContainerStatus().withName("main").withReady(true).withRestartCount(0)
                .withNewState().withNewRunning().withStartedAt(agoText(Duration.ofHours(20))).endRunning().endState().endContainerStatus()
                .endStatus();
    }

    static Pod crashLooping(String ns, String name, Map<String, String> labels, int exitCode, String reason) {
        return ready(ns, name, labels).editStatus().editFirstCondition().withStatus("False").withLastTransitionTime(agoText(Duration.ofMinutes(8)))
                .endCondition().withContainerStatuses(new ContainerStatusBuilder().withName("main").withReady(false).withRestartCount(5)
                        .withNewState().withNewWaiting().withReason("CrashLoopBackOff").withMessage("back-off 2m40s restarting failed container=main").endWaiting().endState()
                        .withNewLastState().withNewTerminated().withExitCode(exitCode).withReason(reason).withFinishedAt(agoText(Duration.ofSeconds(50)))
                        .endTerminated().endLastState().build())
                .endStatus().build();
    }

    static Pod notReady(String ns, String name, Map<String, String> labels, Duration since) {
        return ready(ns, name, labels).editStatus().editFirstCondition().withStatus("False").withLastTransitionTime(agoText(since))
                .withMessage("containers with unready status: [main]").endCondition()
                .editFirstContainerStatus().withReady(false).endContainerStatus().endStatus().build();
    }

    static List<Signal> run(Check check, RegionSnapshot snapshot) {
        return check.check(snapshot, CONTEXT);
    }

    // ---- rollouts and the grace of starting

    @Test
    void aRolloutKeepingToItsMaxUnavailableIsNotAnOutage() {
        Deployment coder = deployment("coder", "coder", CODER, 2, 2, new IntOrString(0));
        Pod starting = notReady("coder", "coder-new-1", CODER, Duration.ofSeconds(20));
        RegionSnapshot s = region().deployments(coder).pods(ready("coder", "coder-a", CODER).build(), ready("coder", "coder-b", CODER).build(), starting).build();

        assertThat(run(new CoderPodsCheck(), s)).isEmpty();
    }

    @Test
    void aPodStartingWithinTheGraceIsNotYetAnOutageButOnePastItIs() {
        Deployment dns = deployment("kube-system", "coredns", COREDNS, 1, 0, new IntOrString(1));

        RegionSnapshot starting = region().in(PROXY).deployments(dns).pods(notReady("kube-system", "coredns-a", COREDNS, Duration.ofSeconds(60))).build();
        assertThat(run(new CoreDnsCheck(), starting)).isEmpty();

        RegionSnapshot stuck = region().in(PROXY).deployments(dns).pods(notReady("kube-system", "coredns-a", COREDNS, Duration.ofMinutes(3)))
                .events(podEvent(notReady("kube-system", "coredns-a", COREDNS, Duration.ofMinutes(3)), "Warning", "Unhealthy",
                        "Readiness probe failed: HTTP probe failed with statuscode: 503", ago(Duration.ofSeconds(5)))).build();
        assertThat(run(new CoreDnsCheck(), stuck)).singleElement().satisfies(sig -> {
            assertThat(sig.id()).isEqualTo("coredns-down");
            assertThat(sig.region()).isEqualTo("eu-west-2");
            assertThat(sig.evidence()).extracting(Evidence::detail).contains(
                    "0 of 1 replicas available (needs 1)",
                    "Running but not Ready for 3m: containers with unready status: [main]; "
                            + "Readiness probe failed: HTTP probe failed with statuscode: 503 (x3, last 5s ago)");
        });
    }

    // ---- leader-elected pairs and serving pairs

    @Test
    void oneReplicaOfALeaderElectedPairFailingIsNotAnOutage() {
        RegionSnapshot s = region().deployments(
                        deployment("karpenter", "karpenter", KARPENTER, 2, 1, null),
                        deployment("kube-system", "aws-load-balancer-controller", LB, 2, 1, null),
                        deployment("kube-system", "coredns", COREDNS, 2, 1, new IntOrString(1)))
                .pods(ready("karpenter", "karpenter-a", KARPENTER).build(), crashLooping("karpenter", "karpenter-b", KARPENTER, 1, "Error"),
                        ready("kube-system", "lbc-a", LB).build(), crashLooping("kube-system", "lbc-b", LB, 1, "Error"),
                        ready("kube-system", "coredns-a", COREDNS).build(), crashLooping("kube-system", "coredns-b", COREDNS, 1, "Error"))
                .build();

        assertThat(run(new KarpenterControllerCheck(), s)).isEmpty();
        assertThat(run(new LoadBalancerControllerCheck(), s)).isEmpty();
        assertThat(run(new CoreDnsCheck(), s)).isEmpty();
    }

    @Test
    void coderWithSomeReplicasLeftIsDegradedInEitherRoleAndWithNoneIsDown() {
        Deployment cp = deployment("coder", "coder", CODER, 3, 2, null);
        RegionSnapshot control = region().deployments(cp).pods(ready("coder", "coder-a", CODER).build(), ready("coder", "coder-b", CODER).build(),
                crashLooping("coder", "coder-c", CODER, 137, "OOMKilled")).build();
        assertThat(run(new CoderPodsCheck(), control)).singleElement().satisfies(sig -> {
            assertThat(sig.id()).isEqualTo("coder-degraded");
            assertThat(sig.evidence()).extracting(Evidence::detail).contains("CrashLoopBackOff, restarts 5, last exit 137 OOMKilled");
        });

        Deployment proxy = deployment("coder", "coder", CODER, 2, 1, null);
        RegionSnapshot emea = region().in(PROXY).deployments(proxy).pods(ready("coder", "coder-a", CODER).build(),
                crashLooping("coder", "coder-b", CODER, 1, "Error")).build();
        assertThat(run(new CoderPodsCheck(), emea)).extracting(Signal::id).containsExactly("coder-degraded");

        RegionSnapshot emeaDown = region().in(PROXY).deployments(deployment("coder", "coder", CODER, 2, 0, null))
                .pods(crashLooping("coder", "coder-a", CODER, 1, "Error"), crashLooping("coder", "coder-b", CODER, 1, "Error")).build();
        assertThat(run(new CoderPodsCheck(), emeaDown)).extracting(Signal::id).containsExactly("workspace-proxy-down");
    }

    @Test
    void aStatusNotYetUpdatedDoesNotHidePodsThatStoppedServing() {
        // the Deployment still says 2 available; both pods crash-loop
        RegionSnapshot s = region().in(PROXY).deployments(deployment("kube-system", "coredns", COREDNS, 2, 2, new IntOrString(1)))
                .pods(crashLooping("kube-system", "coredns-a", COREDNS, 1, "Error"), crashLooping("kube-system", "coredns-b", COREDNS, 1, "Error"))
                .build();

        assertThat(run(new CoreDnsCheck(), s)).singleElement().satisfies(sig -> assertThat(sig.summary())
                .isEqualTo("CoreDNS (kube-system/coredns): 0 of 2 replicas available"));
    }

    @Test
    void aDeploymentThatCannotCreateItsPodsIsDown() {
        Deployment dns = new DeploymentBuilder(deployment("kube-system", "coredns", COREDNS, 2, 0, new IntOrString(1))).editStatus()
                .addNewCondition().withType("ReplicaFailure").withStatus("True").withReason("FailedCreate")
                .withMessage("pods \"coredns-787cb67946-\" is forbidden: exceeded quota: kube-system-quota, requested: pods=1, used: pods=40, limited: pods=40")
                .withLastTransitionTime(agoText(Duration.ofMinutes(1))).endCondition().endStatus().build();

        assertThat(run(new CoreDnsCheck(), region().deployments(dns).build())).singleElement().satisfies(sig ->
                assertThat(sig.evidence()).singleElement().satisfies(e -> {
                    assertThat(e.ref()).isEqualTo("Deployment kube-system/coredns");
                    assertThat(e.detail()).contains("0 of 2 replicas available", "ReplicaFailure=True FailedCreate", "exceeded quota");
                }));
    }

    @Test
    void aPodStuckOnItsConfigurationOrPendingPastTheGraceFails() {
        Pod config = new PodBuilder(ready("coder", "coder-a", CODER).build()).editStatus().editFirstCondition().withStatus("False").endCondition()
                .withContainerStatuses(new ContainerStatusBuilder().withName("main").withReady(false).withRestartCount(0)
                        .withNewState().withNewWaiting().withReason("CreateContainerConfigError")
                        .withMessage("secret \"coder-db-url\" not found").endWaiting().endState().build()).endStatus().build();
        Pod pending = new PodBuilder().withNewMetadata().withName("coder-b").withNamespace("coder").withLabels(CODER).endMetadata()
                .withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage("0/3 nodes are available: 3 Insufficient memory.").withLastTransitionTime(agoText(Duration.ofMinutes(5))).endCondition()
                .endStatus().build();
        // an evicted pod of last week is no replica of anything
        Pod evicted = new PodBuilder(crashLooping("coder", "coder-old", CODER, 137, "OOMKilled")).editStatus().withPhase("Failed").withReason("Evicted").endStatus().build();

        RegionSnapshot s = region().deployments(deployment("coder", "coder", CODER, 2, 0, null)).pods(config, pending, evicted).build();
        assertThat(run(new CoderPodsCheck(), s)).singleElement().satisfies(sig -> {
            assertThat(sig.id()).isEqualTo("coderd-down");
            assertThat(sig.evidence()).extracting(Evidence::name).doesNotContain("coder-old");
            assertThat(sig.evidence()).extracting(Evidence::detail).contains("CreateContainerConfigError: secret \"coder-db-url\" not found",
                    "Pending for 5m: 0/3 nodes are available: 3 Insufficient memory.");
        });
    }

    // ---- scaled to zero

    @Test
    void scaledToZeroIsDownOnlyForWhatMustAlwaysRun() {
        Deployment coder = deployment("coder", "coder", CODER, 0, 0, null);
        assertThat(run(new CoderPodsCheck(), region().deployments(coder).build())).singleElement().satisfies(sig -> {
            assertThat(sig.id()).isEqualTo("coderd-down");
            assertThat(sig.evidence()).extracting(Evidence::detail).containsExactly("scaled to 0 replicas: nothing runs coderd");
        });

        // the key rotator paused by hand, as the runbook says: judged by key-rotation-pause, not here
        Deployment rotator = deployment("litellm", "litellm-key-rotator", Map.of("app", "litellm-key-rotator"), 0, 0, null);
        assertThat(run(new KeyRotatorPodsCheck(), region().deployments(rotator).build())).isEmpty();
        // a provisioner pool scaled down is a count against its baseline, judged by provisioner-replicas
        Deployment demo = deployment("coder", "coder-provisioner-demo", Map.of("app", "coder-provisioner"), 0, 0, null);
        assertThat(run(new ProvisionerPodsCheck(), region().deployments(demo).build())).isEmpty();
        // anything pitcrew paused carries its annotation and is never an outage
        Deployment paused = new DeploymentBuilder(deployment("karpenter", "karpenter", KARPENTER, 0, 0, null)).editMetadata()
                .addToAnnotations("pitcrew.io/paused-replicas", "2").endMetadata().build();
        assertThat(run(new KarpenterControllerCheck(), region().deployments(paused).build())).isEmpty();
    }

    @Test
    void aRegionWithoutAnOptionalComponentRaisesNothing() {
        RegionSnapshot s = region().in(PROXY).pods(crashLooping("kube-system", "coredns-a", COREDNS, 1, "Error"),
                pod("coder", "coder-7d9f-a", "Running").editMetadata().addToLabels("app.kubernetes.io/name", "coder").endMetadata().build()).build();
        for (Check c : List.of(new ProvisionerPodsCheck(), new KeyRotatorPodsCheck(), new KarpenterControllerCheck(),
                new LoadBalancerControllerCheck(), new MetricsServerCheck())) {
            assertThat(run(c, s)).as(c.name()).isEmpty();
        }
        // coder's and CoreDNS's pods run without a Deployment where names: says: misplaced, not down (ComponentPlaces)
        assertThat(run(new CoderPodsCheck(), s)).isEmpty();
        assertThat(run(new CoreDnsCheck(), s)).isEmpty();
    }

    @Test
    void coderOrCoreDnsNotThereAtAllIsDownUnlessTheirNamespaceCouldNotBeRead() {
        RegionSnapshot none = region().in(PROXY).build();
        assertThat(run(new CoderPodsCheck(), none)).singleElement().satisfies(sig -> {
            assertThat(sig.id()).isEqualTo("workspace-proxy-down");
            assertThat(sig.summary()).contains("coder/coder", "not found");
            assertThat(sig.evidence().getFirst().detail()).contains("no pod labelled app.kubernetes.io/name=coder");
        });
        assertThat(run(new CoreDnsCheck(), none)).extracting(Signal::id).containsExactly("coredns-down");
        RegionSnapshot unread = region().in(PROXY).gaps(List.of("deployments in coder: HTTP 403: forbidden",
                "deployments in kube-system: HTTP 403: forbidden")).build();
        assertThat(run(new CoderPodsCheck(), unread)).isEmpty();
        assertThat(run(new CoreDnsCheck(), unread)).isEmpty();
    }

    // ---- provisioners

    @Test
    void provisionerPoolsBelowWhatTheyNeedAreOneSignalCountingTheMissingReplicas() {
        Map<String, String> pool = Map.of("app", "coder-provisioner", "pool", "default");
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < 4; i++) pods.add(ready("coder", "coder-provisioner-default-" + i, pool).build());
        pods.add(crashLooping("coder", "coder-provisioner-default-4", pool, 1, "Error"));
        pods.add(crashLooping("coder", "coder-provisioner-default-5", pool, 1, "Error"));
        RegionSnapshot s = region().deployments(deployment("coder", "coder-provisioner-default", pool, 6, 4, null)).pods(pods)
                .log(LogTail.Component.PROVISIONER, "coder", "coder-provisioner-default-4",
                        line(Duration.ofSeconds(52), "Encountered an error running \"coder provisionerd start\""),
                        line(Duration.ofSeconds(51), "error: connect to coderd: unauthorized: provisioner daemon key is invalid"))
                .build();

        assertThat(run(new ProvisionerPodsCheck(), s)).singleElement().satisfies(sig -> {
            assertThat(sig.id()).isEqualTo("provisioners-down");
            assertThat(sig.affected()).isEqualTo(2);
            assertThat(sig.summary()).isEqualTo("coder-provisioner-default (coder/coder-provisioner-default): 4 of 6 replicas available");
            // each failing pod, followed by its last error line
            assertThat(sig.evidence()).extracting(Evidence::kind).containsExactly("Deployment", "Pod", "Log", "Pod");
            assertThat(sig.evidence().get(2).detail()).endsWith("error: connect to coderd: unauthorized: provisioner daemon key is invalid");
        });
        // one of six failing is within the default maxUnavailable (25% of 6 = 1)
        pods.remove(pods.size() - 1);
        pods.add(ready("coder", "coder-provisioner-default-5", pool).build());
        RegionSnapshot one = region().deployments(deployment("coder", "coder-provisioner-default", pool, 6, 5, null)).pods(pods).build();
        assertThat(run(new ProvisionerPodsCheck(), one)).isEmpty();
    }

    // ---- maxUnavailable

    @Test
    void maxUnavailableIsReadAsKubernetesReadsIt() {
        assertThat(ComponentOutage.maxUnavailable(deployment("ns", "d", CODER, 6, 6, null), 6)).isEqualTo(1); // default 25%
        assertThat(ComponentOutage.maxUnavailable(deployment("ns", "d", CODER, 3, 3, new IntOrString("25%")), 3)).isZero(); // rounded down
        assertThat(ComponentOutage.maxUnavailable(deployment("ns", "d", CODER, 4, 4, new IntOrString("50%")), 4)).isEqualTo(2);
        assertThat(ComponentOutage.maxUnavailable(deployment("ns", "d", CODER, 2, 2, new IntOrString(1)), 2)).isEqualTo(1);
        assertThat(ComponentOutage.maxUnavailable(deployment("ns", "d", CODER, 1, 1, new IntOrString(3)), 1)).isEqualTo(1); // at most all
        Deployment recreate = new DeploymentBuilder(deployment("ns", "d", CODER, 2, 2, null)).editSpec().withNewStrategy().withType("Recreate")
                .endStrategy().endSpec().build();
        assertThat(ComponentOutage.maxUnavailable(recreate, 2)).isZero();
    }

    // ---- the last error line

    @Test
    void theErrorLineIsTheLastOneLoggedAtAnErrorLevelOrReadingLikeOne() {
        assertThat(errorLine("E1125 10:39:45.118263       1 scraper.go:149] \"Failed to scrape node\" err=\"x509: cannot validate certificate\"",
                "I1125 10:39:46.001212       1 server.go:191] \"Failed probe\" probe=\"metric-storage-ready\""))
                .contains("Failed to scrape node");
        assertThat(errorLine("{\"level\":\"error\",\"msg\":\"unable to initialize AWS cloud\"}", "{\"level\":\"info\",\"msg\":\"failed leader election, retrying\"}"))
                .contains("unable to initialize AWS cloud");
        assertThat(errorLine("[INFO] plugin/reload: Running configuration", "[FATAL] plugin/loop: Loop detected", "[INFO] exiting"))
                .contains("[FATAL] plugin/loop");
        assertThat(errorLine("2026-11-25 10:39:40.118 [erro]  wsproxy: register with primary: context deadline exceeded",
                "2026-11-25 10:39:41.000 [info]  wsproxy: retrying after failure"))
                .contains("register with primary");
        assertThat(errorLine("Traceback (most recent call last):", "RuntimeError: LITELLM_MASTER_KEY is not set", ""))
                .contains("RuntimeError");
        assertThat(errorLine("starting", "listening on :8080")).isEqualTo("listening on :8080");
    }

    private static String errorLine(String... lines) {
        List<LogLine> l = new ArrayList<>();
        for (String s : lines) l.add(new LogLine(Instant.parse("2026-11-25T10:39:00Z"), s));
        return ErrorLine.of(new LogTail(LogTail.Component.COREDNS, "kube-system", "p", l)).orElseThrow().text();
    }
}
