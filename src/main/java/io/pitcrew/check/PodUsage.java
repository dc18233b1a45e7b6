package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.pitcrew.observe.RegionSnapshot;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a pod uses (metrics.k8s.io) against what it may use (its containers' limits) — the runbook's
 * {@code kubectl top pods} read next to the 500m / 512 MB of a provisioner or the 2 vCPU / 4 GB of LiteLLM.
 */
record PodUsage(Resources used, Resources limits) {

    /** The region's pod metrics by "namespace/name". */
    static Map<String, PodMetrics> metricsByPod(RegionSnapshot region) {
        Map<String, PodMetrics> out = new HashMap<>();
        for (PodMetrics m : region.podMetrics()) out.put(m.getMetadata().getNamespace() + "/" + m.getMetadata().getName(), m);
        return out;
    }

    /** The pod's usage against its limits; empty without metrics for it. */
    static Optional<PodUsage> of(Pod pod, Map<String, PodMetrics> metrics) {
        PodMetrics m = metrics.get(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
        if (m == null || m.getContainers() == null) return Optional.empty();
        Resources used = Resources.ZERO;
        for (ContainerMetrics c : m.getContainers()) used = used.plus(Resources.of(c.getUsage()));
        Resources limits = Resources.ZERO;
        if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
            for (Container c : pod.getSpec().getContainers()) {
                if (c.getResources() != null) limits = limits.plus(Resources.of(c.getResources().getLimits()));
            }
        }
        return Optional.of(new PodUsage(used, limits));
    }

    boolean cpuAtLeast(int percent) {
        return Resources.atLeast(used.cpu(), limits.cpu(), percent);
    }

    boolean memoryAtLeast(int percent) {
        return Resources.atLeast(used.memory(), limits.memory(), percent);
    }

    /** "cpu 98% (490m of 500m), memory 61% (0.3Gi of 0.5Gi)". */
    String describe() {
        return Resources.cpuLine(used.cpu(), limits.cpu()) + ", " + Resources.memoryLine(used.memory(), limits.memory());
    }
}
