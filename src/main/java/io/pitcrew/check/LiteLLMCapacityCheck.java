package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Pod;
import io.pitcrew.observe.RegionSnapshot;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Runbook §3 "Check LiteLLM resource usage" ({@code kubectl top pods -n litellm}): LiteLLM runs 4 replicas at
 * 2 vCPU / 4 GB each; when most replicas use at least {@code litellmSaturationPercent} of their cpu or memory limit,
 * capacity is exceeded and the runbook scales to 6-8. One hot replica is a hot replica, not a capacity problem.
 * Replicas without metrics or limits are not judged.
 */
public final class LiteLLMCapacityCheck implements Check {

    public static final String SATURATED = "litellm-saturated";

    private static final CheckHeader HEADER = new CheckHeader("litellm-capacity", List.of(SATURATED),
            EnumSet.of(Input.PODS, Input.POD_METRICS));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        String r = region.region().name();
        int threshold = context.thresholds().litellmSaturationPercent();
        int measured = 0;
        EvidenceTally saturated = new EvidenceTally();
        var metrics = PodUsage.metricsByPod(region);
        for (Pod p : LiteLLMPods.of(region, context)) {
            if (p.getStatus() == null || !"Running".equals(p.getStatus().getPhase())) continue;
            Optional<PodUsage> usage = PodUsage.of(p, metrics);
            if (usage.isEmpty() || usage.get().limits().cpu().signum() == 0 && usage.get().limits().memory().signum() == 0) continue;
            measured++;
            if (usage.get().cpuAtLeast(threshold) || usage.get().memoryAtLeast(threshold)) {
                saturated.add(new Evidence(r, "Pod", p.getMetadata().getNamespace(), p.getMetadata().getName(),
                        usage.get().describe() + " of its limits"));
            }
        }
        List<Signal> out = new ArrayList<>();
        if (saturated.affected() * 2 > measured) {
            saturated.emit(out, SATURATED, r, saturated.affected() + " of " + measured + " LiteLLM replicas at or above "
                    + threshold + "% of their cpu or memory limit");
        }
        return out;
    }
}
