package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Pod;
import io.pitcrew.config.LabelSelector;
import io.pitcrew.config.Names;
import io.pitcrew.observe.RegionSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The platform's components that run somewhere other than where {@code names} says. A component whose Deployment is not
 * found is taken as not installed in the region and judged by no check, so a wrong namespace would let it be down
 * unnoticed; but every pod of the region is read, so its pods can still be seen by their label. Each such component is
 * a line for the region's status naming the setting to change.
 */
public final class ComponentPlaces {

    private record Place(String what, Names.Workload where, String namespaceKey, String deploymentKey) {}

    private ComponentPlaces() {}

    /** "CoreDNS at kube-system/coredns: no such Deployment, but pods labelled k8s-app=kube-dns run in namespace dns (set names.corednsNamespace)". */
    public static List<String> misplaced(RegionSnapshot region, Names names) {
        List<Place> places = List.of(
                new Place("coder", names.coder(), "coderNamespace", "coderDeployment"),
                new Place("LiteLLM", names.litellm(), "litellmNamespace", "litellmDeployment"),
                new Place("the key rotator", names.keyRotator(), "litellmNamespace", "keyRotatorDeployment"),
                new Place("Karpenter", names.karpenter(), "karpenterNamespace", "karpenterDeployment"),
                new Place("the AWS load balancer controller", names.loadBalancerController(), "loadBalancerControllerNamespace",
                        "loadBalancerControllerDeployment"),
                new Place("metrics-server", names.metricsServer(), "metricsServerNamespace", "metricsServerDeployment"),
                new Place("CoreDNS", names.coredns(), "corednsNamespace", "corednsDeployment"));
        List<String> out = new ArrayList<>();
        for (Place p : places) {
            Names.Workload w = p.where();
            boolean found = region.deployments().stream().anyMatch(d ->
                    w.namespace().equals(d.getMetadata().getNamespace()) && w.deployment().equals(d.getMetadata().getName()));
            // when the namespace's Deployments could not be read, the region's status already says so
            boolean unread = region.gaps().stream().anyMatch(g -> g.startsWith("deployments in " + w.namespace() + ":"));
            if (found || unread) continue;
            LabelSelector selector = LabelSelector.parse(w.selector());
            TreeSet<String> namespaces = new TreeSet<>();
            for (Pod pod : region.pods()) {
                if (!PodTrouble.gone(pod) && selector.matches(pod.getMetadata().getLabels())) namespaces.add(pod.getMetadata().getNamespace());
            }
            if (namespaces.isEmpty()) continue;
            String at = p.what() + " at " + w.namespace() + "/" + w.deployment() + ": no such Deployment, but pods labelled " + w.selector();
            out.add(namespaces.contains(w.namespace())
                    ? at + " run in that namespace (set names." + p.deploymentKey() + ")"
                    : at + " run in namespace " + String.join(", ", namespaces) + " (set names." + p.namespaceKey() + ")");
        }
        return out;
    }
}
