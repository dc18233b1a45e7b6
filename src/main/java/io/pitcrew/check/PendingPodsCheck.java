package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.pitcrew.observe.RegionSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Runbook §4 "Check for pending pods that should trigger scaling" ({@code --field-selector=status.phase=Pending}):
 * pods the scheduler cannot place, for longer than a scheduling blip, and for longer than Karpenter should need to
 * bring a node. How long is read from the PodScheduled condition's lastTransitionTime; a pod without one is
 * ignored because we cannot tell for how long it has waited.
 */
public final class PendingPodsCheck implements Check {

    public static final String UNSCHEDULABLE = "pods-unschedulable";
    public static final String LONG = "pods-unschedulable-long";

    private static final CheckHeader HEADER = new CheckHeader("pending-pods", List.of(UNSCHEDULABLE, LONG),
            EnumSet.of(Input.PODS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        String r = region.region().name();
        Instant now = context.now();
        Duration grace = context.thresholds().pendingGrace();
        Duration scaleTimeout = context.thresholds().karpenterScaleTimeout();
        EvidenceTally unschedulable = new EvidenceTally();
        EvidenceTally stuck = new EvidenceTally();
        for (Pod pod : region.pods()) {
            PodCondition c = unschedulable(pod);
            if (c == null) continue;
            Instant since = KubeTime.parse(c.getLastTransitionTime());
            if (since == null) continue;
            Duration waited = Duration.between(since, now);
            if (waited.compareTo(grace) <= 0) continue;
            String detail = "pending " + KubeTime.ago(since, now) + ": " + (c.getMessage() == null ? "" : c.getMessage());
            String ns = pod.getMetadata().getNamespace();
            String name = pod.getMetadata().getName();
            unschedulable.add(new Evidence(r, "Pod", ns, name, detail));
            if (waited.compareTo(scaleTimeout) > 0) stuck.add(new Evidence(r, "Pod", ns, name, detail));
        }
        List<Signal> out = new ArrayList<>();
        unschedulable.emit(out, UNSCHEDULABLE, r,
                EvidenceTally.count(unschedulable.affected(), "pod") + " unschedulable for more than " + KubeTime.ago(now.minus(grace), now));
        stuck.emit(out, LONG, r, EvidenceTally.count(stuck.affected(), "pod") + " unschedulable for more than "
                + KubeTime.ago(now.minus(scaleTimeout), now) + ", longer than Karpenter should need for a node");
        return out;
    }

    /** The PodScheduled=False/Unschedulable condition of a Pending pod, else null (a pod that got a node has none). */
    static PodCondition unschedulable(Pod pod) {
        if (pod.getStatus() == null || !"Pending".equals(pod.getStatus().getPhase())
                || pod.getStatus().getConditions() == null) return null;
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason())) {
                return c;
            }
        }
        return null;
    }
}
