package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.pitcrew.config.Region;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The platform on a good day, with the noise a real one has: a node that just joined, a pod that waited for
 * a node, workspaces that restarted hours ago, completed jobs, old warnings, an old Karpenter error, an
 * old provisioner timeout, a CoreDNS pod that restarted a day ago and metrics-server's readiness failing while it
 * started. None of it may raise a signal.
 */
final class HealthyBase {

    /** Workspaces per node: 3 × ~3 cpu fill ~55% of a node's 15.8 allocatable cpu. */
    static final int WORKSPACES_PER_NODE = 3;
    /** Few enough owners that the provisioners (6) are not undersized for them (more than 15 are a workshop). */
    static final List<String> STAFF = List.of("ada", "grace", "linus", "margaret", "ken", "barbara", "dennis",
            "frances", "edsger", "radia", "guido", "hedy");
    private static final String[] TEMPLATES = {"kubernetes-devcontainer", "aws-workshop", "ai-agents-lab"};

    private HealthyBase() {}

    static RegionPlan plan(Region region, int workspaces, long seed) {
        Ids ids = new Ids(seed);
        int regionOctet = Math.floorMod(region.name().hashCode(), 200) + 20;
        int nodeCount = Math.max(3, (workspaces + WORKSPACES_PER_NODE - 1) / WORKSPACES_PER_NODE) + 1;
        List<RegionPlan.NodePlan> nodes = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            nodes.add(nodePlan(region, ids, regionOctet, i, i == nodeCount - 1));
        }
        List<RegionPlan.WorkspacePlan> ws = new ArrayList<>();
        for (int i = 0; i < workspaces; i++) {
            ws.add(workspacePlan(ids, STAFF.get(i % STAFF.size()), nodes.get(i / WORKSPACES_PER_NODE).name()));
        }
        List<String> nodeNames = nodes.stream().map(RegionPlan.NodePlan::name).toList();
        return new RegionPlan(region, List.copyOf(nodes), List.copyOf(ws),
                Components.plan(region.isControlPlane(), nodeNames.subList(0, nodeNames.size() - 1), ids));
    }

    static RegionPlan.NodePlan nodePlan(Region region, Ids ids, int regionOctet, int i, boolean justJoined) {
        String name = "ip-10-" + regionOctet + "-" + (i / 250 + 1) + "-" + (i % 250 + 4) + "." + region.name() + ".compute.internal";
        String zone = region.name() + (char) ('a' + i % 3);
        return new RegionPlan.NodePlan(name, zone, "i-0" + ids.hex(16), "default-" + ids.suffix(5),
                ids.between(35, 65), ids.between(35, 65), justJoined);
    }

    static RegionPlan.WorkspacePlan workspacePlan(Ids ids, String user, String node) {
        String id = ids.uuid();
        String pod = "coder-" + id + "-" + ids.suffix(10) + "-" + ids.suffix(5);
        String userId = UUID.nameUUIDFromBytes(user.getBytes()).toString();
        return new RegionPlan.WorkspacePlan(pod, id, user + "-" + TEMPLATES[ids.between(0, 2)].split("-")[0] + "-" + ids.suffix(3),
                userId, user, node, ids.between(2, 4), ids.between(4, 8));
    }

    /** Every object and log line of the region's healthy state, handed to {@code store} and {@code logs}. */
    static void seed(RegionPlan plan, Instant now, Consumer<HasMetadata> store, LogBook logs) {
        String region = plan.region().name();
        for (String ns : List.of("default", "kube-system", "coder", Workspaces.NAMESPACE, "karpenter")) {
            store.accept(namespace(ns, now));
        }
        if (plan.region().isControlPlane()) {
            store.accept(namespace("litellm", now));
        }

        List<RegionPlan.NodePlan> nodes = plan.nodes();
        for (RegionPlan.NodePlan n : nodes) {
            store.accept(Fleet.node(region, n, now));
            store.accept(Fleet.metrics(n, n.cpuPercent(), n.memoryPercent(), now));
            store.accept(Fleet.claim(n, now));
        }
        store.accept(Fleet.nodePool(nodes.size(), Fleet.roomyCpuLimit(nodes.size()), now));
        store.accept(Fleet.nodeClass(region, now));
        RegionPlan.NodePlan joined = nodes.getLast();
        Instant joinedAt = now.minus(Duration.ofMinutes(6));
        store.accept(ClusterEvents.node(joined.name(), "Normal", "Starting", "Starting kubelet.", "kubelet", joinedAt));
        store.accept(ClusterEvents.node(joined.name(), "Normal", "RegisteredNode",
                "Node " + joined.name() + " event: Registered Node " + joined.name() + " in Controller", "node-controller",
                joinedAt.plusSeconds(3)));
        store.accept(ClusterEvents.node(joined.name(), "Normal", "NodeReady",
                "Node " + joined.name() + " status is now: NodeReady", "kubelet", joinedAt.plusSeconds(21)));

        List<RegionPlan.WorkspacePlan> ws = plan.workspaces();
        for (int i = 0; i < ws.size(); i++) {
            RegionPlan.WorkspacePlan w = ws.get(i);
            Instant started = now.minus(Duration.ofMinutes(40 + (i * 37L) % 260));
            Pod pod = Workspaces.running(w, started);
            if (i >= 1 && i <= 3) pod = restartedLongAgo(pod, now.minus(Duration.ofMinutes(190 + i * 7L)));
            store.accept(pod);
            store.accept(podMetrics(pod, w.cpu() * 450L, w.memoryGi() * 600L, now));
        }
        if (ws.size() > 4) {
            // the pod that waited for Karpenter two hours ago, then ran: an old FailedScheduling, now scheduled
            RegionPlan.WorkspacePlan waited = ws.get(4);
            Instant at = now.minus(Duration.ofMinutes(130));
            store.accept(ClusterEvents.pod(Workspaces.NAMESPACE, waited.pod(), "Warning", "FailedScheduling",
                    "0/" + (nodes.size() - 1) + " nodes are available: " + (nodes.size() - 1)
                            + " Insufficient cpu. preemption: 0/" + (nodes.size() - 1)
                            + " nodes are available: " + (nodes.size() - 1) + " No preemption victims found for incoming pod.",
                    "default-scheduler", at, at.plusSeconds(40), 3));
            store.accept(ClusterEvents.pod(Workspaces.NAMESPACE, waited.pod(), "Normal", "Nominated",
                    "Pod should schedule on: nodeclaim/" + nodes.stream().filter(n -> n.name().equals(waited.node())).findFirst().orElseThrow().claim(),
                    "karpenter", at.plusSeconds(5), at.plusSeconds(5), 1));
            store.accept(ClusterEvents.pod(Workspaces.NAMESPACE, waited.pod(), "Normal", "Scheduled",
                    "Successfully assigned " + Workspaces.NAMESPACE + "/" + waited.pod() + " to " + waited.node(),
                    "default-scheduler", at.plusSeconds(75), at.plusSeconds(75), 1));
        }

        Instant dnsRestarted = now.minus(Duration.ofHours(25));
        for (RegionPlan.ComponentPlan c : plan.components()) {
            for (HasMetadata o : Components.objects(c, now)) {
                // CoreDNS restarted once a day ago (its upstream resolver was briefly unreachable) and has run since
                boolean firstDns = c.deployment().equals("coredns") && o instanceof Pod && o.getMetadata().getName().equals(c.pods().getFirst());
                store.accept(firstDns ? restartedLongAgo((Pod) o, dnsRestarted) : o);
            }
        }
        // created with the platform, as its Deployments were
        Instant installed = now.minus(Duration.ofDays(40));
        store.accept(created(Components.coderService(region), installed));
        if (plan.component("coder-provisioner-default").isPresent()) {
            store.accept(created(ProvisionerScenarios.serviceAccount(true), installed));
            store.accept(ProvisionerScenarios.preSharedKey(now.minus(Duration.ofDays(40))));
        }
        // ECR pull secrets, refreshed two hours ago (ECR tokens last twelve): fresh, so no finding.
        for (String ns : plan.components().stream().filter(c -> Components.image(c).ref().startsWith(PullSecrets.ECR))
                .map(RegionPlan.ComponentPlan::namespace).distinct().toList()) {
            store.accept(PullSecrets.ecr(ns, now.minus(Duration.ofHours(2))));
        }
        plan.component("coredns").ifPresent(dns -> store.accept(ClusterEvents.pod(dns.namespace(), dns.pods().getFirst(), "Warning",
                "BackOff", "Back-off restarting failed container coredns in pod " + dns.pods().getFirst() + "_" + dns.namespace(),
                "kubelet", dnsRestarted, dnsRestarted.plusSeconds(10), 1)));
        plan.component("metrics-server").ifPresent(ms -> store.accept(ClusterEvents.pod(ms.namespace(), ms.pods().getFirst(), "Warning",
                "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 500", "kubelet",
                now.minus(Duration.ofHours(26)).plusSeconds(4), now.minus(Duration.ofHours(26)).plusSeconds(24), 3)));
        plan.component("coder").ifPresent(coder -> store.accept(ClusterEvents.pod("coder", coder.pods().getFirst(),
                "Warning", "Unhealthy", "Readiness probe failed: Get \"http://10.2.0.11:8080/healthz\": context deadline exceeded",
                "kubelet", now.minus(Duration.ofMinutes(150)), now.minus(Duration.ofMinutes(149)), 2)));
        for (int h = 0; h < 3; h++) {
            Instant finished = now.minus(Duration.ofHours(2 + 6L * h));
            String job = "coder-db-backup-" + (29_012_340 + h * 360) + "-" + new Ids(h + plan.hashCode()).suffix(5);
            store.accept(Components.completedJob(job, nodes.getFirst().name(), finished));
        }
        seedLogs(plan, now, logs);
        LiteLLMScenarios.seed(plan, now, store, logs);
    }

    private static void seedLogs(RegionPlan plan, Instant now, LogBook logs) {
        Ids ids = new Ids(plan.region().name().hashCode());
        plan.component("karpenter").ifPresent(k -> {
            List<ContainerLine> lines = new ArrayList<>();
            for (int m = 180; m > 0; m -= 9) {
                Instant t = now.minus(Duration.ofMinutes(m)).plusSeconds(ids.between(0, 50));
                lines.add(KarpenterLog.info(t, m % 2 == 0 ? "found provisionable pod(s)" : "computed new nodeclaim(s) to fit pod(s)",
                        "provisioner"));
            }
            lines.add(KarpenterLog.info(now.minus(Duration.ofMinutes(7)), "created nodeclaim", "provisioner"));
            lines.add(KarpenterLog.info(now.minus(Duration.ofMinutes(6)), "registered nodeclaim", "nodeclaim.lifecycle"));
            lines.add(KarpenterLog.info(now.minus(Duration.ofMinutes(6)).plusSeconds(15), "initialized nodeclaim", "nodeclaim.lifecycle"));
            // an error two hours ago, long resolved: the checks must look at time, not only at level
            lines.add(KarpenterLog.error(now.minus(Duration.ofMinutes(125)), "failed listing instance types for default",
                    "nodepool.readiness", "RequestLimitExceeded: Request limit exceeded.\n\tstatus code: 503"));
            logs.append(k.namespace(), k.pods().getFirst(), lines);
        });
        for (RegionPlan.ComponentPlan c : plan.components()) {
            if (!c.labels().containsValue("coder-provisioner")) continue;
            for (String pod : c.pods()) {
                List<ContainerLine> lines = new ArrayList<>();
                for (int m = 120; m > 0; m -= ids.between(8, 14)) {
                    String job = ids.uuid();
                    String template = TEMPLATES[ids.between(0, 2)];
                    lines.add(new ContainerLine(now.minus(Duration.ofMinutes(m)),
                            "provisionerd: acquired job " + job + " template=" + template));
                    lines.add(new ContainerLine(now.minus(Duration.ofMinutes(m)).plusSeconds(ids.between(30, 90)),
                            "provisionerd: completed job " + job + " template=" + template + " status=succeeded"));
                }
                logs.append(c.namespace(), pod, lines);
            }
            if (c.deployment().endsWith("-default")) {
                logs.append(c.namespace(), c.pods().getFirst(), List.of(new ContainerLine(now.minus(Duration.ofMinutes(47)),
                        "provisionerd: job " + ids.uuid() + " failed: timeout fetching terraform providers from registry.terraform.io; will retry")));
            }
        }
        plan.component("litellm-key-rotator").ifPresent(r -> {
            Instant rotated = now.minus(Duration.ofMinutes(182));
            List<ContainerLine> lines = new ArrayList<>();
            lines.add(new ContainerLine(rotated.minusSeconds(95), "rotating LiteLLM virtual keys (38 keys, schedule every 4h30m)"));
            lines.add(new ContainerLine(rotated, "rotated 38 virtual keys; restarting workspaces to pick up new keys"));
            lines.add(new ContainerLine(rotated.plusSeconds(2), "next rotation in 4h24m"));
            for (int m = 170; m > 0; m -= 30) {
                lines.add(new ContainerLine(now.minus(Duration.ofMinutes(m)), "key check: 38 virtual keys valid, 0 expiring within 24h"));
            }
            logs.append(r.namespace(), r.pods().getFirst(), lines);
        });
    }

    /** A container that stopped once, hours ago (the last key rotation), and has run since. */
    static Pod restartedLongAgo(Pod pod, Instant finished) {
        var status = pod.getStatus().getContainerStatuses().getFirst();
        var restarted = new ContainerStatusBuilder(status).withRestartCount(1)
                .withNewLastState().withNewTerminated().withExitCode(143).withReason("Error")
                .withStartedAt(finished.minus(Duration.ofHours(2)).toString()).withFinishedAt(finished.toString())
                .withContainerID(status.getContainerID() + "0").endTerminated().endLastState()
                .withNewState().withNewRunning().withStartedAt(finished.plusSeconds(3).toString()).endRunning().endState()
                .build();
        return new PodBuilder(pod).editStatus().withContainerStatuses(restarted).endStatus().build();
    }

    static HasMetadata podMetrics(Pod pod, long cpuMillis, long memoryMi, Instant now) {
        var m = Fleet.generic("metrics.k8s.io/v1beta1", "PodMetrics", pod.getMetadata().getName(), pod.getMetadata().getLabels());
        m.getMetadata().setNamespace(pod.getMetadata().getNamespace());
        m.setAdditionalProperty("timestamp", now.minusSeconds(9).toString());
        m.setAdditionalProperty("window", "15.02s");
        m.setAdditionalProperty("containers", List.of(Map.of("name",
                pod.getSpec().getContainers().getFirst().getName(),
                "usage", Map.of("cpu", cpuMillis + "m", "memory", memoryMi + "Mi"))));
        return m;
    }

    private static HasMetadata created(HasMetadata object, Instant at) {
        object.getMetadata().setCreationTimestamp(at.toString());
        return object;
    }

    private static HasMetadata namespace(String name, Instant now) {
        return new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels("kubernetes.io/metadata.name", name)
                .withCreationTimestamp(now.minus(Duration.ofDays(90)).toString()).endMetadata()
                .withNewStatus().withPhase("Active").endStatus().build();
    }
}
