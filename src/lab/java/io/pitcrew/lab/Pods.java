package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A running pod as the kubelet reports it; the kinds of pods of the platform start from here. */
final class Pods {

    private Pods() {}

    /** What a container's image resolved to; the same digest everywhere means the mirrors are in sync. */
    record Image(String ref, String digest) {
        String imageId() {
            String repo = ref.contains(":") ? ref.substring(0, ref.lastIndexOf(':')) : ref;
            return repo + "@" + digest;
        }
    }

    static ResourceRequirements resources(String cpu, String memory) {
        Map<String, Quantity> r = Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory));
        return new ResourceRequirementsBuilder().withRequests(r).withLimits(r).build();
    }

    static Pod running(String namespace, String name, Map<String, String> labels, String owner, String node,
                       String container, Image image, ResourceRequirements resources, List<Volume> volumes,
                       Instant started, String podIp) {
        // as the Deployment controller labels its pods: the template's labels and the hash that names their ReplicaSet
        Map<String, String> podLabels = new LinkedHashMap<>(labels);
        podLabels.put("pod-template-hash", owner.substring(owner.lastIndexOf('-') + 1));
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).withLabels(podLabels)
                .withCreationTimestamp(started.minusSeconds(4).toString())
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName(owner)
                .withUid(UUID.nameUUIDFromBytes(owner.getBytes()).toString())
                .withController(true).withBlockOwnerDeletion(true).endOwnerReference()
                .endMetadata()
                .withNewSpec().withNodeName(node).withRestartPolicy("Always").withSchedulerName("default-scheduler")
                .withServiceAccountName("default").withTerminationGracePeriodSeconds(30L)
                .addNewContainer().withName(container).withImage(image.ref()).withImagePullPolicy("Always")
                .withResources(resources).endContainer()
                .withVolumes(volumes)
                .endSpec()
                .withNewStatus().withPhase("Running").withHostIP(hostIp(node)).withPodIP(podIp)
                .withStartTime(started.toString()).withQosClass("Guaranteed")
                .withConditions(readyConditions(started))
                .withContainerStatuses(runningStatus(container, image, started, 0))
                .endStatus()
                .build();
    }

    static List<PodCondition> readyConditions(Instant started) {
        return List.of(
                condition("PodReadyToStartContainers", "True", started.plusSeconds(2)),
                condition("Initialized", "True", started),
                condition("Ready", "True", started.plusSeconds(6)),
                condition("ContainersReady", "True", started.plusSeconds(6)),
                condition("PodScheduled", "True", started.minusSeconds(4)));
    }

    static PodCondition condition(String type, String status, Instant since) {
        return new PodConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(since.toString()).build();
    }

    static ContainerStatus runningStatus(String container, Image image, Instant started, int restarts) {
        return new ContainerStatusBuilder().withName(container).withReady(true).withStarted(true)
                .withRestartCount(restarts).withImage(image.ref()).withImageID(image.imageId())
                .withContainerID("containerd://" + Integer.toHexString((container + started).hashCode()) + "a9c3e1f07b")
                .withNewState().withNewRunning().withStartedAt(started.toString()).endRunning().endState()
                .build();
    }

    static String hostIp(String node) {
        return node == null ? null : node.substring(3, node.indexOf('.')).replace('-', '.');
    }
}
