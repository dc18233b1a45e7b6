package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
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
            return store.get(collection, name);
        }
        for (int i = pods.size() - 1; i >= replicas; i--) {
            store.delete(ObjectRef.pod(namespace, pods.get(i).getMetadata().getName()));
        }
        for (int i = pods.size(); i < replicas; i++) {
            store.put(newPod(d, pods.isEmpty() ? null : pods.getFirst(), ids, null));
        }
        return store.get(collection, name);
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
                replicaSet, node, container.getName(), imageOf(like, container.getImage()), container.getResources(),
                List.of(), now, "10.3." + ids.between(0, 250) + "." + ids.between(2, 250));
        pod.getMetadata().setCreationTimestamp(now.toString());
        if (like != null) logs.append(d.getMetadata().getNamespace(), name, List.of(new ContainerLine(now, "started")));
        return new PodBuilder(pod).build();
    }

    private static Pods.Image imageOf(Pod like, String ref) {
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
