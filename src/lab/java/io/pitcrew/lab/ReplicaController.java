package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one controller the lab runs: when a Deployment is scaled, its pods follow at once and it reports them
 * ready. That is what a runbook fix ("scale the provisioners to 10") must be seen to do.
 */
final class ReplicaController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RegionStore store;
    private final LogBook logs;

    ReplicaController(RegionStore store, LogBook logs) {
        this.store = store;
        this.logs = logs;
    }

    /** Scales the deployment and its pods; returns the deployment's new JSON. */
    synchronized String scale(String namespace, String name, int replicas) {
        return reconcile(namespace, name, replicas, false);
    }

    /**
     * Brings the pods in line with a deployment just written: as many as spec.replicas, all replaced by new ones
     * when {@code rollout} (its pod template changed). Returns the deployment's new JSON.
     */
    synchronized String reconcile(String namespace, String name, boolean rollout) {
        String collection = ApiResource.byPlural("apps/v1", "deployments").orElseThrow().collectionPath(namespace);
        Deployment d = Serialization.unmarshal(store.get(collection, name), Deployment.class);
        return reconcile(namespace, name, d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas(), rollout);
    }

    private String reconcile(String namespace, String name, int replicas, boolean rollout) {
        String collection = ApiResource.byPlural("apps/v1", "deployments").orElseThrow().collectionPath(namespace);
        Deployment d = Serialization.unmarshal(store.get(collection, name), Deployment.class);
        d.getSpec().setReplicas(replicas);
        var status = d.getStatus();
        status.setReplicas(replicas);
        status.setUpdatedReplicas(replicas);
        status.setReadyReplicas(replicas);
        status.setAvailableReplicas(replicas);
        status.setUnavailableReplicas(null);
        status.getConditions().stream().filter(c -> c.getType().equals("Available")).forEach(c -> {
            c.setStatus("True");
            c.setReason("MinimumReplicasAvailable");
            c.setMessage("Deployment has minimum availability.");
        });
        d.getMetadata().setGeneration(d.getMetadata().getGeneration() + 1);
        status.setObservedGeneration(d.getMetadata().getGeneration());
        store.put(d);

        List<Pod> pods = pods(namespace, d);
        Ids ids = new Ids(System.nanoTime());
        if (rollout) {
            // The new ReplicaSet's pods replace every old one (the lab skips the surge: the end state is the same).
            for (Pod old : pods) store.delete(ObjectRef.pod(namespace, old.getMetadata().getName()));
            String replicaSet = d.getMetadata().getName() + "-" + ids.suffix(10);
            for (int i = 0; i < replicas; i++) store.put(newPod(d, pods.isEmpty() ? null : pods.getFirst(), ids, replicaSet));
            spreadUsage(namespace, pods, pods(namespace, d));
            return store.get(collection, name);
        }
        for (int i = pods.size() - 1; i >= replicas; i--) {
            store.delete(ObjectRef.pod(namespace, pods.get(i).getMetadata().getName()));
        }
        for (int i = pods.size(); i < replicas; i++) {
            store.put(newPod(d, pods.isEmpty() ? null : pods.getFirst(), ids, null));
        }
        spreadUsage(namespace, pods, pods(namespace, d));
        return store.get(collection, name);
    }

    /**
     * The load the old pods carried, spread evenly over the pods now running (what a Service does for LiteLLM after
     * "scale from 4 to 6-8"): metrics.k8s.io then shows each pod's share. Pods without metrics carried no known load.
     */
    private void spreadUsage(String namespace, List<Pod> before, List<Pod> after) {
        if (after.isEmpty()) return;
        String collection = ApiResource.byPlural("metrics.k8s.io/v1beta1", "pods").orElseThrow().collectionPath(namespace);
        long cpuMillis = 0;
        long memoryMi = 0;
        int measured = 0;
        for (Pod p : before) {
            String json = store.get(collection, p.getMetadata().getName());
            if (json == null) continue;
            JsonNode usage = JSON.readTree(json).path("containers").path(0).path("usage");
            cpuMillis += new Quantity(usage.path("cpu").asString("0")).getNumericalAmount().movePointRight(3).longValue();
            memoryMi += new Quantity(usage.path("memory").asString("0")).getNumericalAmount().longValue() / (1024 * 1024);
            measured++;
            store.delete(new ObjectRef("metrics.k8s.io/v1beta1", "PodMetrics", namespace, p.getMetadata().getName()));
        }
        if (measured == 0) return;
        for (Pod p : after) {
            store.put(HealthyBase.podMetrics(p, cpuMillis / after.size(), memoryMi / after.size(), Instant.now()));
        }
    }

    private List<Pod> pods(String namespace, Deployment d) {
        String selector = d.getSpec().getSelector().getMatchLabels().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        String path = ApiResource.byPlural("v1", "pods").orElseThrow().collectionPath(namespace)
                + "?labelSelector=" + URLEncoder.encode(selector, StandardCharsets.UTF_8);
        JsonNode list = JSON.readTree(store.crud().handleGet(path).getBody().readUtf8());
        List<Pod> pods = new ArrayList<>();
        list.path("items").forEach(item -> {
            Pod p = Serialization.unmarshal(item.toString(), Pod.class);
            if (!"Succeeded".equals(p.getStatus().getPhase()) && !"Failed".equals(p.getStatus().getPhase())) pods.add(p);
        });
        return pods;
    }

    /** A running pod of the deployment, in {@code newReplicaSet} when rolling out, else beside {@code like}. */
    private Pod newPod(Deployment d, Pod like, Ids ids, String newReplicaSet) {
        Instant now = Instant.now();
        String replicaSet = newReplicaSet != null ? newReplicaSet
                : like != null ? like.getMetadata().getOwnerReferences().getFirst().getName()
                : d.getMetadata().getName() + "-" + ids.suffix(10);
        String name = replicaSet + "-" + ids.suffix(5);
        String node = like != null ? like.getSpec().getNodeName() : anyNode();
        var container = d.getSpec().getTemplate().getSpec().getContainers().getFirst();
        Pod pod = Pods.running(d.getMetadata().getNamespace(), name, d.getSpec().getTemplate().getMetadata().getLabels(),
                replicaSet, node, container.getName(), imageOf(like, container.getImage(), newReplicaSet != null), container.getResources(),
                List.of(), now, "10.3." + ids.between(0, 250) + "." + ids.between(2, 250));
        pod.getMetadata().setCreationTimestamp(now.toString());
        pod.getSpec().getContainers().getFirst().setPorts(container.getPorts());
        if (like != null) logs.append(d.getMetadata().getNamespace(), name, List.of(new ContainerLine(now, "started")));
        return new PodBuilder(pod).build();
    }

    /**
     * A new pod's image: in a new ReplicaSet (a rollout) the tag is pulled again, so a known platform image runs the
     * digest its tag points at now (a restart cures a stale image); beside {@code like}, the same digest as it.
     */
    private static Pods.Image imageOf(Pod like, String ref, boolean rollout) {
        if (rollout) {
            var current = Components.imageByRef(ref);
            if (current.isPresent()) return current.get();
        }
        if (like != null) {
            var s = like.getStatus().getContainerStatuses().getFirst();
            String digest = s.getImageID().substring(s.getImageID().indexOf('@') + 1);
            return new Pods.Image(ref, digest);
        }
        return new Pods.Image(ref, "sha256:" + "0".repeat(64));
    }

    private String anyNode() {
        JsonNode list = JSON.readTree(store.crud().handleGet("/api/v1/nodes").getBody().readUtf8());
        return list.path("items").path(0).path("metadata").path("name").asString(null);
    }
}
