package io.pitcrew.config;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which pods are a workload's: in its namespace, those its configured selector selects (the runbook's labels, e.g.
 * {@code app=coder-provisioner}), and those its Deployments run, which a Helm chart or an EKS add-on labels otherwise
 * ({@code app.kubernetes.io/name=...}). A Deployment at hand is asked by its own {@code spec.selector.matchLabels}; one
 * that is not (doctor reads logs before its Deployments are in) or that selects by expressions only, by the ReplicaSet
 * that runs the pod. One rule for the checks and the log tails, so both see the same pods.
 *
 * @param deployments the workload's Deployment names, from pitcrew.yaml
 */
public record WorkloadPods(String namespace, String selector, List<String> deployments) {

    public WorkloadPods {
        deployments = List.copyOf(deployments);
    }

    /** The provisioners: the configured selector and every provisioner Deployment pitcrew.yaml names. */
    public static WorkloadPods provisioners(Names names) {
        return new WorkloadPods(names.coderNamespace(), names.provisionerSelector(),
                names.provisioners().stream().map(Names.Provisioner::deployment).toList());
    }

    /** Of {@code pods}, the workload's, in their order; {@code known} are the Deployments read, if any. */
    public List<Pod> of(List<Pod> pods, List<Deployment> known) {
        List<LabelSelector> selectors = new ArrayList<>(List.of(LabelSelector.parse(selector)));
        List<String> byReplicaSet = new ArrayList<>();
        for (String name : deployments) {
            Optional<LabelSelector> own = known.stream().filter(d -> namespace.equals(d.getMetadata().getNamespace())
                    && name.equals(d.getMetadata().getName())).findFirst().map(LabelSelector::of);
            own.ifPresentOrElse(selectors::add, () -> byReplicaSet.add(name));
        }
        return pods.stream().filter(p -> namespace.equals(p.getMetadata().getNamespace()))
                .filter(p -> selectors.stream().anyMatch(s -> s.matches(p.getMetadata().getLabels()))
                        || byReplicaSet.stream().anyMatch(name -> runBy(p, name)))
                .toList();
    }

    /**
     * Run by the Deployment's ReplicaSet, which the Deployment controller names {@code <deployment>-<pod-template-hash>}
     * and whose hash it puts on each pod: how a pod is known as the Deployment's without reading the Deployment.
     */
    private static boolean runBy(Pod pod, String deployment) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        String hash = labels == null ? null : labels.get("pod-template-hash");
        if (hash == null || pod.getMetadata().getOwnerReferences() == null) return false;
        return pod.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> "ReplicaSet".equals(o.getKind()) && (deployment + "-" + hash).equals(o.getName()));
    }
}
