package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.pitcrew.observe.CredentialSecret;
import io.pitcrew.observe.PullSecret;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetricsBuilder;
import io.pitcrew.config.Names;
import io.pitcrew.config.Region;
import io.pitcrew.config.Thresholds;
import io.pitcrew.observe.LogLine;
import io.pitcrew.observe.LogTail;
import io.pitcrew.observe.RegionSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one region's {@link RegionSnapshot} from Fabric8 objects shaped like the real ones in
 * platform-apis.md, for check tests. All times are relative to {@link #NOW}.
 */
final class SnapshotFixture {

    static final Instant NOW = Instant.parse("2025-06-12T15:00:00Z");
    static final Region CONTROL_PLANE = new Region("us-east-2", "us-east-2", Region.Role.CONTROL_PLANE, "ai.coder.com");
    static final Region PROXY = new Region("eu-west-2", "eu-west-2", Region.Role.PROXY, "emea-proxy.ai.coder.com");
    static final CheckContext CONTEXT = new CheckContext(Names.defaults(), Thresholds.defaults(), NOW);

    private Region region = CONTROL_PLANE;
    private final List<Node> nodes = new ArrayList<>();
    private final List<NodeMetrics> nodeMetrics = new ArrayList<>();
    private final List<PodMetrics> podMetrics = new ArrayList<>();
    private final List<Pod> pods = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final List<Deployment> deployments = new ArrayList<>();
    private final List<GenericKubernetesResource> nodePools = new ArrayList<>();
    private final List<GenericKubernetesResource> nodeClaims = new ArrayList<>();
    private final List<LogTail> logs = new ArrayList<>();
    private final List<Service> services = new ArrayList<>();
    private final List<ServiceAccount> serviceAccounts = new ArrayList<>();
    private final List<PullSecret> pullSecrets = new ArrayList<>();
    private final List<CredentialSecret> credentialSecrets = new ArrayList<>();
    private final List<String> gaps = new ArrayList<>();

    static SnapshotFixture region() { return new SnapshotFixture(); }

    SnapshotFixture in(Region r) { this.region = r; return this; }
    SnapshotFixture nodes(Node... n) { nodes.addAll(List.of(n)); return this; }
    SnapshotFixture metrics(NodeMetrics... m) { nodeMetrics.addAll(List.of(m)); return this; }
    SnapshotFixture podMetrics(PodMetrics... m) { podMetrics.addAll(List.of(m)); return this; }
    SnapshotFixture pods(Pod... p) { pods.addAll(List.of(p)); return this; }
    SnapshotFixture pods(List<Pod> p) { pods.addAll(p); return this; }
    SnapshotFixture services(Service... s) { services.addAll(List.of(s)); return this; }
    SnapshotFixture serviceAccounts(ServiceAccount... s) { serviceAccounts.addAll(List.of(s)); return this; }
    SnapshotFixture pullSecrets(PullSecret... s) { pullSecrets.addAll(List.of(s)); return this; }
    SnapshotFixture credentialSecrets(CredentialSecret... s) { credentialSecrets.addAll(List.of(s)); return this; }
    SnapshotFixture events(Event... e) { events.addAll(List.of(e)); return this; }
    SnapshotFixture deployments(Deployment... d) { deployments.addAll(List.of(d)); return this; }
    SnapshotFixture gaps(List<String> g) { gaps.addAll(g); return this; }
    SnapshotFixture nodePools(GenericKubernetesResource... p) { nodePools.addAll(List.of(p)); return this; }
    SnapshotFixture nodeClaims(GenericKubernetesResource... c) { nodeClaims.addAll(List.of(c)); return this; }
    SnapshotFixture log(LogTail.Component component, String namespace, String pod, LogLine... lines) {
        logs.add(new LogTail(component, namespace, pod, List.of(lines)));
        return this;
    }

    RegionSnapshot build() {
        return RegionSnapshot.of(region, NOW).took(Duration.ofMillis(120))
                .nodes(nodes).nodeMetrics(nodeMetrics).podMetrics(podMetrics).pods(pods).events(events)
                .deployments(deployments).services(services).serviceAccounts(serviceAccounts).pullSecrets(pullSecrets)
                .nodePools(nodePools).nodeClaims(nodeClaims).logs(logs).gaps(gaps).credentialSecrets(credentialSecrets)
                .build();
    }

    /** Runs a check on this snapshot with the default names and thresholds. */
    List<Signal> run(Check check) {
        return check.check(build(), CONTEXT);
    }

    // ---- times

    static Instant ago(Duration d) { return NOW.minus(d); }
    static String agoText(Duration d) { return NOW.minus(d).toString(); }
    static LogLine line(Duration ago, String text) { return new LogLine(NOW.minus(ago), text); }

    // ---- pods

    /** A running Coder workspace pod with the labels of the Kubernetes template. */
    static PodBuilder workspace(String name, String owner) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("coder-workspaces")
                .addToLabels("app.kubernetes.io/name", "coder-workspace")
                .addToLabels("com.coder.resource", "true")
                .addToLabels("com.coder.user.username", owner)
                .endMetadata()
                .withNewSpec().addNewContainer().withName("dev").withImage("codercom/example-universal:ubuntu")
                .withNewResources().addToRequests("cpu", new Quantity("2")).addToRequests("memory", new Quantity("4Gi"))
                .endResources().endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus();
    }

    static PodBuilder pod(String namespace, String name, String phase) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("main").endContainer().endSpec()
                .withNewStatus().withPhase(phase).endStatus();
    }

    static ContainerStatus restarted(int restarts, String reason, Instant finishedAt) {
        return new ContainerStatusBuilder().withName("dev").withRestartCount(restarts).withReady(true)
                .withNewState().withNewRunning().withStartedAt(finishedAt.plusSeconds(5).toString()).endRunning().endState()
                .withNewLastState().withNewTerminated().withReason(reason).withExitCode("OOMKilled".equals(reason) ? 137 : 1)
                .withFinishedAt(finishedAt.toString()).endTerminated().endLastState()
                .build();
    }

    // ---- nodes

    static Node node(String name, String cpu, String memory) {
        return new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewStatus().addToAllocatable("cpu", new Quantity(cpu)).addToAllocatable("memory", new Quantity(memory))
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady").endCondition()
                .endStatus().build();
    }

    static NodeMetrics usage(String node, String cpu, String memory) {
        return new NodeMetricsBuilder().withNewMetadata().withName(node).endMetadata()
                .withTimestamp(NOW.toString()).addToUsage("cpu", new Quantity(cpu)).addToUsage("memory", new Quantity(memory))
                .build();
    }

    // ---- events

    static Event podEvent(Pod pod, String type, String reason, String message, Instant last) {
        return new EventBuilder().withNewMetadata().withName(pod.getMetadata().getName() + "." + reason.toLowerCase())
                .withNamespace(pod.getMetadata().getNamespace()).endMetadata()
                .withNewInvolvedObject().withKind("Pod").withName(pod.getMetadata().getName())
                .withNamespace(pod.getMetadata().getNamespace()).endInvolvedObject()
                .withType(type).withReason(reason).withMessage(message).withCount(3)
                .withLastTimestamp(last == null ? null : last.toString())
                .build();
    }

    // ---- deployments

    static Deployment deployment(String namespace, String name, int replicas, int ready) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels("app", "coder-provisioner").endMetadata()
                .withNewSpec().withReplicas(replicas).endSpec()
                .withNewStatus().withReplicas(replicas).withReadyReplicas(ready == 0 ? null : ready)
                .withAvailableReplicas(ready == 0 ? null : ready).endStatus()
                .build();
    }

    // ---- Karpenter

    static Map<String, Object> condition(String type, String status, String reason, String message, Instant since) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", type);
        c.put("status", status);
        c.put("reason", reason);
        c.put("message", message);
        c.put("lastTransitionTime", since.toString());
        return c;
    }

    static GenericKubernetesResource nodePool(String name, Map<String, Object> limits, Map<String, Object> resources,
                                              List<Map<String, Object>> conditions) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("template", Map.of("spec", Map.of("nodeClassRef", Map.of("group", "karpenter.k8s.aws",
                "kind", "EC2NodeClass", "name", "default"))));
        if (limits != null) spec.put("limits", limits);
        Map<String, Object> status = new LinkedHashMap<>();
        if (resources != null) status.put("resources", resources);
        status.put("conditions", conditions);
        return new GenericKubernetesResourceBuilder().withApiVersion("karpenter.sh/v1").withKind("NodePool")
                .withNewMetadata().withName(name).endMetadata()
                .addToAdditionalProperties("spec", spec).addToAdditionalProperties("status", status)
                .build();
    }

    static GenericKubernetesResource nodeClaim(String name, List<Map<String, Object>> conditions) {
        return new GenericKubernetesResourceBuilder().withApiVersion("karpenter.sh/v1").withKind("NodeClaim")
                .withNewMetadata().withName(name).addToLabels("karpenter.sh/nodepool", "default").endMetadata()
                .addToAdditionalProperties("spec", Map.of("nodeClassRef", Map.of("name", "default")))
                .addToAdditionalProperties("status", Map.of("conditions", conditions))
                .build();
    }
}
