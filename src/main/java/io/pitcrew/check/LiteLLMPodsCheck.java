package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.pitcrew.observe.RegionSnapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Runbook §3 "Check LiteLLM pod status" ({@code kubectl get pods -n litellm -l app=litellm}): a replica in
 * CrashLoopBackOff, or running but not Ready for longer than {@code pendingGrace} (a rollout's brief unready
 * moment is not an outage).
 */
public final class LiteLLMPodsCheck implements Check {

    @Override
    public Set<Input> reads() {
        return EnumSet.of(Input.PODS, Input.CLOCK);
    }

    public static final String DOWN = "litellm-pods-down";

    @Override
    public String name() { return "litellm-pods"; }

    @Override
    public List<String> signals() {
        return List.of(DOWN);
    }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        List<Pod> pods = LiteLLMPods.of(region, context);
        String r = region.region().name();
        EvidenceTally down = new EvidenceTally();
        for (Pod p : pods) {
            String why = crashLooping(p);
            if (why == null) why = notReady(p, context);
            if (why != null) down.add(new Evidence(r, "Pod", p.getMetadata().getNamespace(), p.getMetadata().getName(), why));
        }
        List<Signal> out = new ArrayList<>();
        down.emit(out, DOWN, r, down.affected() + " of " + pods.size() + " LiteLLM pods crash-looping or not ready");
        return out;
    }

    private static String crashLooping(Pod p) {
        if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) return null;
        for (ContainerStatus cs : p.getStatus().getContainerStatuses()) {
            var waiting = cs.getState() == null ? null : cs.getState().getWaiting();
            if (waiting == null || !"CrashLoopBackOff".equals(waiting.getReason())) continue;
            var last = cs.getLastState() == null ? null : cs.getLastState().getTerminated();
            return "CrashLoopBackOff, restarts " + cs.getRestartCount()
                    + (last == null ? "" : ", last exit " + last.getExitCode() + (last.getReason() == null ? "" : " " + last.getReason()));
        }
        return null;
    }

    private static String notReady(Pod p, CheckContext context) {
        if (p.getStatus() == null || !"Running".equals(p.getStatus().getPhase()) || p.getStatus().getConditions() == null) return null;
        for (PodCondition c : p.getStatus().getConditions()) {
            if (!"Ready".equals(c.getType()) || !"False".equals(c.getStatus())) continue;
            Instant since = KubeTime.parse(c.getLastTransitionTime());
            if (since != null && KubeTime.within(since, context.now(), context.thresholds().pendingGrace())) return null;
            return "Running but not Ready" + (since == null ? "" : " for " + KubeTime.ago(since, context.now()))
                    + (c.getMessage() == null ? "" : ": " + c.getMessage());
        }
        return null;
    }
}
