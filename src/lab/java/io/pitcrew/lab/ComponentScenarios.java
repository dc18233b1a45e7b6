package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * The platform's own components down, as their clusters show it: containers that exit and back off
 * ({@code state.waiting.reason: CrashLoopBackOff} over {@code lastState.terminated}, the kubelet's "Back-off restarting
 * failed container" events), or pods that run but fail their readiness probe ("Readiness probe failed: ..." events,
 * liveness restarts), their Deployments reporting no minimum availability, and the log lines they die with.
 */
final class ComponentScenarios {

    private ComponentScenarios() {}

    /** coderd cannot reach its database: every replica exits at start-up; the region's /healthz fails. */
    static List<Change> coderdDown(Topology t, Instant now) {
        RegionPlan.ComponentPlan coder = t.region(Scenarios.CONTROL).component("coder").orElseThrow();
        List<Change> out = crashLooping(Scenarios.CONTROL, coder, 1, "Error", now, List.of(
                "[info]  coderd: Coder v2.26.0-devel+3a1f2e9c - Your Self-Hosted Remote Development Platform",
                "[info]  coderd: connecting to postgresql",
                "Encountered an error running \"coder server\", see \"coder server --help\" for more information",
                "error: connect to postgres: ping postgres: dial tcp 10.0.34.12:5432: connect: connection timed out"));
        out.add(new Change.Health(Scenarios.CONTROL, LabHealth.State.FAILING));
        return out;
    }

    /** eu-west-2's workspace proxy cannot register with coderd: it runs, fails its probes, and coderd reports it unreachable. */
    static List<Change> proxyDown(Topology t, Instant now) {
        RegionPlan.ComponentPlan coder = t.region(Scenarios.EMEA).component("coder").orElseThrow();
        List<Change> out = notReady(Scenarios.EMEA, coder, Duration.ofMinutes(7), now, pod ->
                "Readiness probe failed: Get \"http://" + podIp(coder, pod) + ":8080/healthz\": dial tcp " + podIp(coder, pod)
                        + ":8080: connect: connection refused", List.of(
                "[info]  wsproxy: starting workspace proxy  primary_access_url=https://ai.coder.com",
                "[erro]  wsproxy: register with primary: Post \"https://ai.coder.com/api/v2/workspaceproxies/me/register\": "
                        + "context deadline exceeded"));
        out.add(new Change.Proxy(Scenarios.EMEA, "emea", false, "unreachable",
                List.of("request to proxy failed: Get \"https://emea-proxy.ai.coder.com/healthz-report\": EOF")));
        return out;
    }

    /** The default provisioners' key was rotated in coderd but not in their Secret: every replica exits at start-up. */
    static List<Change> provisionersCrashLoop(Topology t, Instant now) {
        RegionPlan.ComponentPlan p = t.region(Scenarios.CONTROL).component("coder-provisioner-default").orElseThrow();
        return crashLooping(Scenarios.CONTROL, p, 1, "Error", now, List.of(
                "[info]  provisionerd: starting provisioner daemon  name=" + p.pods().getFirst(),
                "Encountered an error running \"coder provisionerd start\", see \"coder provisionerd start --help\" for more information",
                "error: connect to coderd: unauthorized: provisioner daemon key is invalid"));
    }

    /** Karpenter lost its IAM role (IRSA trust policy changed): it exits at its EC2 connectivity check. */
    static List<Change> karpenterDown(Topology t, Instant now) {
        RegionPlan.ComponentPlan k = t.region(Scenarios.OREGON).component("karpenter").orElseThrow();
        return crashLooping(Scenarios.OREGON, k, 1, "Error", now, List.of(
                KarpenterLog.info(now.minusSeconds(60), "discovered karpenter version", "operator").text(),
                "{\"level\":\"FATAL\",\"time\":\"" + now.minusSeconds(40) + "\",\"logger\":\"controller\",\"message\":\"Checking EC2 API "
                        + "connectivity, WebIdentityErr: failed to retrieve credentials\\ncaused by: AccessDenied: Not authorized to perform "
                        + "sts:AssumeRoleWithWebIdentity\\n\\tstatus code: 403, request id: 6f1e0c9a-4b2d-4e7f-9a3c-2d8b5e1f7a90\",\"commit\":\"490ef94\"}"));
    }

    /** The AWS Load Balancer Controller cannot read the VPC id from instance metadata (hop limit 1 on the new nodes). */
    static List<Change> loadBalancerControllerDown(Topology t, Instant now) {
        RegionPlan.ComponentPlan lbc = t.region(Scenarios.OREGON).component("aws-load-balancer-controller").orElseThrow();
        return crashLooping(Scenarios.OREGON, lbc, 1, "Error", now, List.of(
                "{\"level\":\"info\",\"ts\":\"" + now.minusSeconds(45) + "\",\"msg\":\"version\",\"GitVersion\":\"v2.8.2\",\"GitCommit\":\"f2b1f2e0\"}",
                "{\"level\":\"error\",\"ts\":\"" + now.minusSeconds(40) + "\",\"logger\":\"setup\",\"msg\":\"unable to initialize AWS cloud\","
                        + "\"error\":\"failed to get VPC ID: failed to fetch VPC ID from instance metadata: error in fetching vpc id through ec2 "
                        + "metadata: get mac metadata: operation error ec2imds: GetMetadata, canceled, context deadline exceeded\"}"));
    }

    /** CoreDNS forwards to the node's resolver, which points back at CoreDNS: plugin/loop stops every replica. */
    static List<Change> corednsDown(Topology t, Instant now) {
        RegionPlan.ComponentPlan dns = t.region(Scenarios.EMEA).component("coredns").orElseThrow();
        return crashLooping(Scenarios.EMEA, dns, 1, "Error", now, List.of(
                ".:53",
                "[INFO] plugin/reload: Running configuration SHA512 = 8a7d59126e7f114ab49c6d2613be93d8ef7d408af8ee61a710210843dc409f03",
                "CoreDNS-1.11.1",
                "linux/amd64, go1.21.6, ae2bbc2",
                "[FATAL] plugin/loop: Loop (127.0.0.1:36426 -> :53) detected for zone \".\", see https://coredns.io/plugins/loop#troubleshooting. "
                        + "Query: \"HINFO 4547991504243258144.3688648895315093531.\""));
    }

    /**
     * metrics-server cannot scrape the kubelets (their serving certificates have no IP SANs): it runs, fails its
     * readiness probe, and the metrics API it backs answers 503.
     */
    static List<Change> metricsServerDown(Topology t, Instant now) {
        RegionPlan.ComponentPlan ms = t.region(Scenarios.CONTROL).component("metrics-server").orElseThrow();
        String node = t.region(Scenarios.CONTROL).nodes().getFirst().name();
        String ip = Pods.hostIp(node);
        List<Change> out = notReady(Scenarios.CONTROL, ms, Duration.ofMinutes(12), now,
                pod -> "Readiness probe failed: HTTP probe failed with statuscode: 500", List.of(
                "E" + klog(now.minusSeconds(31)) + "       1 scraper.go:149] \"Failed to scrape node\" err=\"Get \\\"https://" + ip
                        + ":10250/metrics/resource\\\": tls: failed to verify certificate: x509: cannot validate certificate for " + ip
                        + " because it doesn't contain any IP SANs\" node=\"" + node + "\"",
                "I" + klog(now.minusSeconds(30)) + "       1 server.go:191] \"Failed probe\" probe=\"metric-storage-ready\" err=\"no metrics to serve\""));
        out.add(new Change.ApiUnavailable(Scenarios.CONTROL, "metrics.k8s.io"));
        return out;
    }

    // ---- how a component goes down

    /**
     * Every replica exits with {@code exitCode} ({@code reason}) shortly after it starts and the kubelet backs off; the
     * Deployment has no replica available since the first crash.
     */
    static List<Change> crashLooping(String region, RegionPlan.ComponentPlan c, int exitCode, String reason, Instant now, List<String> lastWords) {
        List<Change> out = new ArrayList<>();
        Instant since = now.minus(Duration.ofMinutes(9));
        for (int i = 0; i < c.pods().size(); i++) {
            String name = c.pods().get(i);
            Pod pod = Components.pod(c, i, now.minus(Duration.ofHours(26 + i)));
            Instant crashed = now.minusSeconds(40 + 25L * i);
            pod.getStatus().setConditions(notReadyConditions(pod, since, c.container()));
            pod.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder(pod.getStatus().getContainerStatuses().getFirst())
                    .withReady(false).withStarted(false).withRestartCount(6 + i)
                    .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                    .withMessage("back-off 2m40s restarting failed container=" + c.container() + " pod=" + name + "_" + c.namespace()
                            + "(" + uid(name) + ")").endWaiting().endState()
                    .withNewLastState().withNewTerminated().withExitCode(exitCode).withReason(reason)
                    .withStartedAt(crashed.minusSeconds(lastWords.size() + 1L).toString()).withFinishedAt(crashed.toString())
                    .withContainerID("containerd://" + Integer.toHexString((name + crashed).hashCode()) + "5e0d2c").endTerminated().endLastState()
                    .build()));
            out.add(new Change.Put(region, pod));
            out.add(new Change.Put(region, ClusterEvents.pod(c.namespace(), name, "Warning", "BackOff", "Back-off restarting failed container "
                    + c.container() + " in pod " + name + "_" + c.namespace() + "(" + uid(name) + ")", "kubelet",
                    since, now.minusSeconds(10 + i), 38 + i)));
            out.add(new Change.Logs(region, c.namespace(), name, lines(crashed, lastWords)));
        }
        out.add(new Change.Put(region, unavailable(c, 0, since, now)));
        return out;
    }

    /**
     * Every replica runs but fails its readiness probe since {@code since} (the probe's message per pod), and now and
     * then its liveness probe, which restarts it; the Deployment has no replica available.
     */
    static List<Change> notReady(String region, RegionPlan.ComponentPlan c, Duration since, Instant now,
                                 Function<String, String> probeFailure, List<String> lastWords) {
        List<Change> out = new ArrayList<>();
        Instant from = now.minus(since);
        for (int i = 0; i < c.pods().size(); i++) {
            String name = c.pods().get(i);
            Pod pod = Components.pod(c, i, now.minus(Duration.ofHours(26 + i)));
            Instant restarted = now.minusSeconds(50 + 20L * i);
            pod.getStatus().setConditions(notReadyConditions(pod, from, c.container()));
            pod.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder(pod.getStatus().getContainerStatuses().getFirst())
                    .withReady(false).withStarted(true).withRestartCount(3)
                    .withNewState().withNewRunning().withStartedAt(restarted.toString()).endRunning().endState()
                    .withNewLastState().withNewTerminated().withExitCode(143).withReason("Error")
                    .withStartedAt(from.toString()).withFinishedAt(restarted.minusSeconds(1).toString()).endTerminated().endLastState()
                    .build()));
            out.add(new Change.Put(region, pod));
            out.add(new Change.Put(region, ClusterEvents.pod(c.namespace(), name, "Warning", "Unhealthy", probeFailure.apply(name), "kubelet",
                    from, now.minusSeconds(8 + i), 57 + i)));
            out.add(new Change.Put(region, ClusterEvents.pod(c.namespace(), name, "Normal", "Killing", "Container " + c.container()
                    + " failed liveness probe, will be restarted", "kubelet", from.plusSeconds(60), restarted.minusSeconds(2), 3)));
            out.add(new Change.Logs(region, c.namespace(), name, lines(now.minusSeconds(29), lastWords)));
        }
        out.add(new Change.Put(region, unavailable(c, 0, from, now)));
        return out;
    }

    /** The Deployment with {@code available} replicas available and no minimum availability since {@code since}. */
    static Deployment unavailable(RegionPlan.ComponentPlan c, int available, Instant since, Instant now) {
        Deployment d = Components.deployment(c, c.pods().size(), available, now);
        d.getStatus().getConditions().stream().filter(x -> x.getType().equals("Available")).forEach(x -> {
            x.setLastTransitionTime(since.toString());
            x.setLastUpdateTime(since.toString());
        });
        return d;
    }

    private static List<PodCondition> notReadyConditions(Pod pod, Instant since, String container) {
        String message = "containers with unready status: [" + container + "]";
        Instant started = Instant.parse(pod.getStatus().getStartTime());
        return List.of(Pods.condition("PodReadyToStartContainers", "True", started.plusSeconds(2)),
                Pods.condition("Initialized", "True", started),
                new PodConditionBuilder().withType("Ready").withStatus("False").withReason("ContainersNotReady")
                        .withMessage(message).withLastTransitionTime(since.toString()).build(),
                new PodConditionBuilder().withType("ContainersReady").withStatus("False")
                        .withReason("ContainersNotReady").withMessage(message).withLastTransitionTime(since.toString()).build(),
                Pods.condition("PodScheduled", "True", started.minusSeconds(4)));
    }

    /** The lines a container wrote, one a second, the last at {@code last}. */
    private static List<ContainerLine> lines(Instant last, List<String> texts) {
        List<ContainerLine> out = new ArrayList<>();
        for (int k = 0; k < texts.size(); k++) out.add(new ContainerLine(last.minusSeconds(texts.size() - 1L - k), texts.get(k)));
        return out;
    }

    private static String podIp(RegionPlan.ComponentPlan c, String pod) {
        int i = c.pods().indexOf(pod);
        return Components.pod(c, i, Instant.EPOCH).getStatus().getPodIP();
    }

    private static String uid(String pod) {
        return UUID.nameUUIDFromBytes(pod.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** klog's header time: "1125 10:39:45.118263". */
    private static String klog(Instant t) {
        return DateTimeFormatter.ofPattern("MMdd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC).format(t);
    }
}
