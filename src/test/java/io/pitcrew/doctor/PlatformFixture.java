package io.pitcrew.doctor;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.pitcrew.config.PitcrewConfig;
import io.pitcrew.config.Region;
import io.pitcrew.observe.LogLine;
import io.pitcrew.observe.LogTail;
import io.pitcrew.observe.RegionObservation;
import io.pitcrew.observe.RegionSnapshot;
import io.pitcrew.observe.Snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The runbook's three regions as their API servers show them, with every component of the platform: coder (coderd in
 * us-east-2, workspace proxies elsewhere), the provisioners, LiteLLM and its key rotator, Karpenter, the AWS load balancer
 * controller, metrics-server and CoreDNS, shaped as real clusters report them (Helm and EKS add-on labels, rolling
 * update strategies, conditions, kubelet container states). A test replaces one {@link Workload} to break it.
 */
final class PlatformFixture {

    static final Instant NOW = Instant.parse("2026-11-25T10:40:00Z");
    static final String CONTROL = "us-east-2";
    static final String OREGON = "us-west-2";
    static final String EMEA = "eu-west-2";

    /** One Deployment of the platform, its pods, the events about them and the log tails read from them. */
    record Workload(Deployment deployment, List<Pod> pods, List<Event> events, List<LogTail> logs) {

        String namespace() { return deployment.getMetadata().getNamespace(); }

        String name() { return deployment.getMetadata().getName(); }
    }

    private final Map<String, Map<String, Workload>> regions = new LinkedHashMap<>();
    private final Map<String, List<Pod>> otherPods = new LinkedHashMap<>();

    /** The platform on a good day, with the noise a real one has. */
    static PlatformFixture healthy() {
        PlatformFixture p = new PlatformFixture();
        for (Region r : PitcrewConfig.runbookDefaults().regions()) {
            String region = r.name();
            boolean cp = r.isControlPlane();
            p.put(region, running(region, "coder", "coder", labels("app.kubernetes.io/name", "coder", "app.kubernetes.io/instance", "coder"),
                    "coder", cp ? 3 : 2, null, LogTail.Component.CODER));
            if (cp) {
                for (String pool : List.of("default", "experimental", "demo")) {
                    p.put(region, running(region, "coder", "coder-provisioner-" + pool,
                            labels("app", "coder-provisioner", "coder.com/provisioner-pool", pool), "coder",
                            pool.equals("default") ? 6 : 2, null, LogTail.Component.PROVISIONER));
                }
                p.put(region, running(region, "litellm", "litellm", labels("app", "litellm"), "litellm", 4, null, LogTail.Component.LITELLM));
                p.put(region, pausedKeyRotator());
            }
            p.put(region, running(region, "karpenter", "karpenter", labels("app.kubernetes.io/name", "karpenter",
                    "app.kubernetes.io/instance", "karpenter"), "controller", 2, null, LogTail.Component.KARPENTER));
            p.put(region, running(region, "kube-system", "aws-load-balancer-controller", labels("app.kubernetes.io/name",
                    "aws-load-balancer-controller", "app.kubernetes.io/instance", "aws-load-balancer-controller"),
                    "aws-load-balancer-controller", 2, null, LogTail.Component.LOAD_BALANCER_CONTROLLER));
            p.put(region, running(region, "kube-system", "metrics-server", labels("k8s-app", "metrics-server"), "metrics-server", 1,
                    null, LogTail.Component.METRICS_SERVER));
            p.put(region, coreDnsRestartedADayAgo(region));
        }
        // benign noise: a coder pod whose readiness probe timed out twice three hours ago, and has been Ready since
        Workload coder = p.get(CONTROL, "coder");
        p.put(CONTROL, withEvents(coder, event(coder.pods().getFirst(), "Warning", "Unhealthy",
                "Readiness probe failed: Get \"http://10.2.0.11:8080/healthz\": context deadline exceeded", ago(Duration.ofMinutes(181)),
                ago(Duration.ofMinutes(180)), 2)));
        // a rollout in progress in us-west-2: maxUnavailable 0 keeps both old replicas serving while a third starts
        p.put(OREGON, midRollout(p.get(OREGON, "coder")));
        return p;
    }

    PlatformFixture put(String region, Workload w) {
        regions.computeIfAbsent(region, k -> new LinkedHashMap<>()).put(w.name(), w);
        return this;
    }

    /** Pods of no component (workspaces), with the events about them. */
    PlatformFixture pods(String region, Pod... pods) {
        otherPods.computeIfAbsent(region, k -> new ArrayList<>()).addAll(List.of(pods));
        return this;
    }

    Workload get(String region, String deployment) {
        Workload w = regions.get(region).get(deployment);
        if (w == null) throw new IllegalArgumentException("no deployment " + deployment + " in " + region);
        return w;
    }

    Snapshot snapshot() {
        List<RegionObservation> out = new ArrayList<>();
        for (Region r : PitcrewConfig.runbookDefaults().regions()) {
            List<Deployment> deployments = new ArrayList<>();
            List<Pod> pods = new ArrayList<>();
            List<Event> events = new ArrayList<>();
            List<LogTail> logs = new ArrayList<>();
            for (Workload w : regions.get(r.name()).values()) {
                deployments.add(w.deployment());
                pods.addAll(w.pods());
                events.addAll(w.events());
                logs.addAll(w.logs());
            }
            pods.addAll(otherPods.getOrDefault(r.name(), List.of()));
            out.add(RegionSnapshot.of(r, NOW).took(Duration.ofMillis(300))
                    .pods(pods).events(events).deployments(deployments).logs(logs).build());
        }
        return new Snapshot(NOW, out);
    }

    // ---- workloads

    /** A Deployment whose replicas all run and are Ready, started a day or more ago. */
    static Workload running(String region, String namespace, String name, Map<String, String> labels, String container,
                            int replicas, IntOrString maxUnavailable, LogTail.Component component) {
        String replicaSet = name + "-" + hash(region + name, 10);
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            pods.add(readyPod(namespace, replicaSet + "-" + hash(region + name + i, 5), labels, container,
                    ago(Duration.ofHours(26 + i)), "10.2." + (i + 3) + "." + (20 + i)));
        }
        Deployment d = deployment(namespace, name, labels, replicas, maxUnavailable, replicas, replicas, replicas,
                available(true, ago(Duration.ofDays(2))));
        return new Workload(d, List.copyOf(pods), List.of(), List.of());
    }

    /** Every replica crash-looping: the container exits {@code exitCode} ({@code reason}) and the kubelet backs off. */
    static Workload crashLooping(Workload w, int exitCode, String reason, LogTail.Component component, List<String> lastLines) {
        List<Pod> pods = new ArrayList<>();
        List<Event> events = new ArrayList<>(w.events());
        List<LogTail> logs = new ArrayList<>(w.logs());
        int i = 0;
        for (Pod p : w.pods()) {
            Instant crashed = ago(Duration.ofSeconds(40 + 25L * i));
            Instant since = ago(Duration.ofMinutes(9));
            String container = p.getSpec().getContainers().getFirst().getName();
            String name = p.getMetadata().getName();
            String ns = p.getMetadata().getNamespace();
            ContainerStatus status = new ContainerStatusBuilder(p.getStatus().getContainerStatuses().getFirst())
                    .withReady(false).withStarted(false).withRestartCount(6 + i)
                    .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                    .withMessage("back-off 2m40s restarting failed container=" + container + " pod=" + name + "_" + ns + "(" + uid(name) + ")")
                    .endWaiting().endState()
                    .withNewLastState().withNewTerminated().withExitCode(exitCode).withReason(reason)
                    .withStartedAt(crashed.minusSeconds(3).toString()).withFinishedAt(crashed.toString())
                    .withContainerID("containerd://" + hash(name + "last", 12)).endTerminated().endLastState()
                    .build();
            pods.add(new PodBuilder(p).editStatus().withConditions(notReadyConditions(since, container))
                    .withContainerStatuses(status).endStatus().build());
            events.add(event(p, "Warning", "BackOff", "Back-off restarting failed container " + container + " in pod " + name + "_" + ns
                    + "(" + uid(name) + ")", since, ago(Duration.ofSeconds(10)), 38 + i));
            List<LogLine> lines = new ArrayList<>();
            for (int k = 0; k < lastLines.size(); k++) {
                lines.add(new LogLine(crashed.minusSeconds(lastLines.size() - k), lastLines.get(k)));
            }
            logs.add(new LogTail(component, ns, name, List.copyOf(lines)));
            i++;
        }
        Deployment d = new DeploymentBuilder(w.deployment()).editStatus().withReadyReplicas(null).withAvailableReplicas(null)
                .withUnavailableReplicas(pods.size()).withConditions(available(false, ago(Duration.ofMinutes(9))), progressing())
                .endStatus().build();
        return new Workload(d, List.copyOf(pods), List.copyOf(events), List.copyOf(logs));
    }

    /**
     * Every replica Running but failing its readiness probe for {@code since}; the liveness probe restarts it now and then.
     */
    static Workload notReady(Workload w, Duration since, String probeFailure, LogTail.Component component, List<String> lastLines) {
        List<Pod> pods = new ArrayList<>();
        List<Event> events = new ArrayList<>(w.events());
        List<LogTail> logs = new ArrayList<>(w.logs());
        for (Pod p : w.pods()) {
            String container = p.getSpec().getContainers().getFirst().getName();
            Instant restarted = ago(Duration.ofSeconds(50));
            ContainerStatus status = new ContainerStatusBuilder(p.getStatus().getContainerStatuses().getFirst())
                    .withReady(false).withStarted(true).withRestartCount(3)
                    .withNewState().withNewRunning().withStartedAt(restarted.toString()).endRunning().endState()
                    .withNewLastState().withNewTerminated().withExitCode(2).withReason("Error")
                    .withStartedAt(ago(since).toString()).withFinishedAt(restarted.minusSeconds(1).toString()).endTerminated().endLastState()
                    .build();
            pods.add(new PodBuilder(p).editStatus().withConditions(notReadyConditions(ago(since), container))
                    .withContainerStatuses(status).endStatus().build());
            events.add(event(p, "Warning", "Unhealthy", probeFailure, ago(since), ago(Duration.ofSeconds(8)), 57));
            events.add(event(p, "Normal", "Killing", "Container " + container + " failed liveness probe, will be restarted",
                    ago(since.minusMinutes(1)), restarted.minusSeconds(2), 3));
            List<LogLine> lines = new ArrayList<>();
            for (int k = 0; k < lastLines.size(); k++) lines.add(new LogLine(ago(Duration.ofSeconds(30 - k)), lastLines.get(k)));
            logs.add(new LogTail(component, p.getMetadata().getNamespace(), p.getMetadata().getName(), List.copyOf(lines)));
        }
        Deployment d = new DeploymentBuilder(w.deployment()).editStatus().withReadyReplicas(null).withAvailableReplicas(null)
                .withUnavailableReplicas(pods.size()).withConditions(available(false, ago(since)), progressing())
                .endStatus().build();
        return new Workload(d, List.copyOf(pods), List.copyOf(events), List.copyOf(logs));
    }

    /** The key rotator as {@code pitcrew fix pause-key-rotation --for 4h} leaves it: 0 replicas, no pods, annotated. */
    static Workload pausedKeyRotator() {
        Deployment d = new DeploymentBuilder(deployment("litellm", "litellm-key-rotator", labels("app", "litellm-key-rotator"), 0, null,
                0, 0, 0, available(true, ago(Duration.ofMinutes(40))))).editMetadata()
                .addToAnnotations("pitcrew.io/paused-replicas", "1")
                .addToAnnotations("pitcrew.io/resume-at", NOW.plus(Duration.ofHours(3)).toString()).endMetadata().build();
        return new Workload(d, List.of(), List.of(), List.of());
    }

    /** The key rotator running its one replica, as before a pause. */
    static Workload runningKeyRotator() {
        return running(CONTROL, "litellm", "litellm-key-rotator", labels("app", "litellm-key-rotator"), "rotator", 1, null,
                LogTail.Component.KEY_ROTATOR);
    }

    /** CoreDNS as the EKS add-on runs it (maxUnavailable 1); one replica restarted once, a day ago, and has run since. */
    static Workload coreDnsRestartedADayAgo(String region) {
        Workload w = running(region, "kube-system", "coredns", labels("k8s-app", "kube-dns", "eks.amazonaws.com/component", "coredns"),
                "coredns", 2, new IntOrString(1), LogTail.Component.COREDNS);
        Pod first = w.pods().getFirst();
        Instant finished = ago(Duration.ofHours(25));
        ContainerStatus restarted = new ContainerStatusBuilder(first.getStatus().getContainerStatuses().getFirst()).withRestartCount(1)
                .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error")
                .withStartedAt(ago(Duration.ofHours(26)).toString()).withFinishedAt(finished.toString()).endTerminated().endLastState()
                .withNewState().withNewRunning().withStartedAt(finished.plusSeconds(11).toString()).endRunning().endState()
                .build();
        List<Pod> pods = new ArrayList<>(w.pods());
        pods.set(0, new PodBuilder(first).editStatus().withContainerStatuses(restarted).endStatus().build());
        return new Workload(w.deployment(), List.copyOf(pods), List.of(event(first, "Warning", "BackOff",
                "Back-off restarting failed container coredns in pod " + first.getMetadata().getName(), finished, finished.plusSeconds(10), 1)),
                List.of());
    }

    /**
     * A rolling update under way: maxUnavailable 0 and maxSurge 1, so the old replicas keep serving while the new one
     * starts (Running, not Ready yet, 20 s old).
     */
    static Workload midRollout(Workload w) {
        List<Pod> pods = new ArrayList<>(w.pods());
        Pod like = pods.getFirst();
        String container = like.getSpec().getContainers().getFirst().getName();
        String name = w.name() + "-" + hash("new" + w.name(), 10) + "-" + hash("new", 5);
        Instant started = ago(Duration.ofSeconds(20));
        Pod fresh = new PodBuilder(like).editMetadata().withName(name).endMetadata().editStatus()
                .withStartTime(started.toString())
                .withConditions(notReadyConditions(started, container))
                .withContainerStatuses(new ContainerStatusBuilder(like.getStatus().getContainerStatuses().getFirst()).withReady(false)
                        .withNewState().withNewRunning().withStartedAt(started.toString()).endRunning().endState().build())
                .endStatus().build();
        pods.add(fresh);
        int replicas = w.deployment().getSpec().getReplicas();
        Deployment d = new DeploymentBuilder(w.deployment()).editSpec().editStrategy().withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(0)).withMaxSurge(new IntOrString(1)).endRollingUpdate().endStrategy().endSpec()
                .editMetadata().withGeneration(8L).endMetadata()
                .editStatus().withObservedGeneration(8L).withReplicas(replicas + 1).withUpdatedReplicas(1).withReadyReplicas(replicas)
                .withAvailableReplicas(replicas).withUnavailableReplicas(1)
                .withConditions(available(true, ago(Duration.ofDays(2))), new DeploymentConditionBuilder().withType("Progressing")
                        .withStatus("True").withReason("ReplicaSetUpdated").withMessage("ReplicaSet \"" + name.substring(0, name.lastIndexOf('-'))
                                + "\" is progressing.").withLastTransitionTime(started.toString()).withLastUpdateTime(started.toString()).build())
                .endStatus().build();
        return new Workload(d, List.copyOf(pods), w.events(), w.logs());
    }

    static Workload withEvents(Workload w, Event... more) {
        List<Event> events = new ArrayList<>(w.events());
        events.addAll(List.of(more));
        return new Workload(w.deployment(), w.pods(), List.copyOf(events), w.logs());
    }

    // ---- objects

    /** A workspace the scheduler has found no node for since {@code since}. */
    static Pod unschedulableWorkspace(String name, Instant since) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("coder-workspaces")
                .withLabels(labels("app.kubernetes.io/name", "coder-workspace", "com.coder.user.username", "ada")).endMetadata()
                .withNewSpec().addNewContainer().withName("dev").endContainer().endSpec()
                .withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
                .withReason("Unschedulable").withMessage("0/4 nodes are available: 4 Insufficient cpu.")
                .withLastTransitionTime(since.toString()).endCondition().endStatus().build();
    }

    static Deployment deployment(String namespace, String name, Map<String, String> labels, int replicas, IntOrString maxUnavailable,
                                 int updated, int ready, int available, DeploymentCondition availableCondition) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).withGeneration(7L)
                .addToAnnotations("deployment.kubernetes.io/revision", "7").endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxUnavailable(maxUnavailable == null ? new IntOrString("25%") : maxUnavailable)
                .withMaxSurge(new IntOrString("25%")).endRollingUpdate().endStrategy()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withNewSpec()
                .addNewContainer().withName(name).endContainer().endSpec().endTemplate()
                .endSpec()
                .withNewStatus().withObservedGeneration(7L).withReplicas(replicas == 0 ? null : replicas)
                .withUpdatedReplicas(updated == 0 ? null : updated).withReadyReplicas(ready == 0 ? null : ready)
                .withAvailableReplicas(available == 0 ? null : available)
                .withConditions(availableCondition, progressing()).endStatus()
                .build();
    }

    static DeploymentCondition available(boolean yes, Instant since) {
        return new DeploymentConditionBuilder().withType("Available").withStatus(yes ? "True" : "False")
                .withReason(yes ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")
                .withMessage(yes ? "Deployment has minimum availability." : "Deployment does not have minimum availability.")
                .withLastTransitionTime(since.toString()).withLastUpdateTime(since.toString()).build();
    }

    static DeploymentCondition progressing() {
        return new DeploymentConditionBuilder().withType("Progressing").withStatus("True").withReason("NewReplicaSetAvailable")
                .withMessage("ReplicaSet has successfully progressed.").withLastTransitionTime(ago(Duration.ofDays(2)).toString())
                .withLastUpdateTime(ago(Duration.ofDays(2)).toString()).build();
    }

    static Pod readyPod(String namespace, String name, Map<String, String> labels, String container, Instant started, String ip) {
        String replicaSet = name.substring(0, name.lastIndexOf('-'));
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).withUid(uid(name))
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(replicaSet).withUid(uid(replicaSet))
                .withController(true).endOwnerReference().endMetadata()
                .withNewSpec().withNodeName("ip-10-0-1-23.us-east-2.compute.internal").withRestartPolicy("Always")
                .addNewContainer().withName(container).withImage("example.com/" + container + ":1.0").endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP(ip).withStartTime(started.toString())
                .withConditions(condition("Initialized", "True", started), condition("Ready", "True", started.plusSeconds(8)),
                        condition("ContainersReady", "True", started.plusSeconds(8)), condition("PodScheduled", "True", started.minusSeconds(3)))
                .addNewContainerStatus().withName(container).withReady(true).withStarted(true).withRestartCount(0)
                .withImage("example.com/" + container + ":1.0").withContainerID("containerd://" + hash(name, 12))
                .withNewState().withNewRunning().withStartedAt(started.toString()).endRunning().endState().endContainerStatus()
                .endStatus().build();
    }

    static List<PodCondition> notReadyConditions(Instant since, String container) {
        return List.of(condition("Initialized", "True", since.minus(Duration.ofHours(20))),
                new PodConditionBuilder().withType("Ready").withStatus("False").withReason("ContainersNotReady")
                        .withMessage("containers with unready status: [" + container + "]").withLastTransitionTime(since.toString()).build(),
                new PodConditionBuilder().withType("ContainersReady").withStatus("False").withReason("ContainersNotReady")
                        .withMessage("containers with unready status: [" + container + "]").withLastTransitionTime(since.toString()).build(),
                condition("PodScheduled", "True", since.minus(Duration.ofHours(20))));
    }

    static PodCondition condition(String type, String status, Instant since) {
        return new PodConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(since.toString()).build();
    }

    static Event event(Pod pod, String type, String reason, String message, Instant first, Instant last, int count) {
        String name = pod.getMetadata().getName();
        return new EventBuilder().withNewMetadata().withName(name + "." + hash(name + reason, 16))
                .withNamespace(pod.getMetadata().getNamespace()).endMetadata()
                .withNewInvolvedObject().withKind("Pod").withApiVersion("v1").withNamespace(pod.getMetadata().getNamespace())
                .withName(name).withUid(uid(name)).endInvolvedObject()
                .withType(type).withReason(reason).withMessage(message).withNewSource().withComponent("kubelet").endSource()
                .withFirstTimestamp(first.toString()).withLastTimestamp(last.toString()).withCount(count)
                .build();
    }

    static Instant ago(Duration d) {
        return NOW.minus(d);
    }

    static Map<String, String> labels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    private static String uid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes()).toString();
    }

    private static String hash(String seed, int length) {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder b = new StringBuilder();
        int h = seed.hashCode();
        for (int i = 0; i < length; i++) {
            h = h * 31 + i + 7;
            b.append(alphabet.charAt(Math.floorMod(h, alphabet.length())));
        }
        return b.toString();
    }
}
