package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.pitcrew.observe.RegionSnapshot;

import java.math.BigDecimal;
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

    /**
     * The pod's usage against its limits; empty without metrics for it. A container counts in a resource only when it has
     * a limit in it: a sidecar without one (a log shipper, a native sidecar, which is no app container) would otherwise
     * add its usage to the app's limit.
     */
    static Optional<PodUsage> of(Pod pod, Map<String, PodMetrics> metrics) {
        PodMetrics m = metrics.get(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
        if (m == null || m.getContainers() == null) return Optional.empty();
        Map<String, Map<String, Quantity>> limitsOf = new HashMap<>();
        Resources limits = Resources.ZERO;
        if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
            for (Container c : pod.getSpec().getContainers()) {
                if (c.getResources() == null || c.getResources().getLimits() == null) continue;
                limitsOf.put(c.getName(), c.getResources().getLimits());
                limits = limits.plus(Resources.of(c.getResources().getLimits()));
            }
        }
        Resources used = Resources.ZERO;
        for (ContainerMetrics c : m.getContainers()) {
            Map<String, Quantity> limit = limitsOf.get(c.getName());
            if (limit == null) continue;
            Resources usage = Resources.of(c.getUsage());
            used = used.plus(new Resources(limit.containsKey("cpu") ? usage.cpu() : BigDecimal.ZERO,
                    limit.containsKey("memory") ? usage.memory() : BigDecimal.ZERO));
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
