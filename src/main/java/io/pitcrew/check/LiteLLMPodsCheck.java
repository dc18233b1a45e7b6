package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.pitcrew.observe.LogTail;
import io.pitcrew.observe.RegionSnapshot;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Runbook §3 "Check LiteLLM pod status" ({@code kubectl get pods -n litellm -l app=litellm}): a replica in
 * CrashLoopBackOff (or stuck in another error state), or running but not Ready for longer than {@code pendingGrace} (a
 * rollout's brief unready moment is not an outage). Every replica counts, as users' requests reach all of them. The
 * evidence adds the Deployment's available replicas, the kubelet's probe failures and each distinct last error line of
 * the failing replicas' logs ({@code kubectl logs -l app=litellm}).
 */
public final class LiteLLMPodsCheck implements Check {

    public static final String DOWN = "litellm-pods-down";

    private static final CheckHeader HEADER = new CheckHeader("litellm-pods", List.of(DOWN),
            EnumSet.of(Input.PODS, Input.DEPLOYMENTS, Input.EVENTS, Input.LOGS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        List<Pod> pods = LiteLLMPods.of(region, context);
        String r = region.region().name();
        EvidenceTally down = new EvidenceTally();
        for (Pod p : pods) {
            Optional<String> why = PodTrouble.of(p, region.events(), context);
            if (why.isEmpty()) continue;
            down.add(new Evidence(r, "Pod", p.getMetadata().getNamespace(), p.getMetadata().getName(), why.get()));
        }
        if (down.isEmpty()) return List.of();
        List<Evidence> evidence = new ArrayList<>();
        deployment(region, context).ifPresent(d -> evidence.add(new Evidence(r, "Deployment", d.getMetadata().getNamespace(),
                d.getMetadata().getName(), ready(region, context) + " of " + desired(d) + " replicas Ready")));
        evidence.addAll(ComponentOutage.withErrorLines(region, LogTail.Component.LITELLM, down.evidence()));
        return List.of(new Signal(DOWN, r, down.affected(), down.affected() + " of " + pods.size()
                + " LiteLLM pods crash-looping or not ready", List.copyOf(evidence.subList(0, Math.min(evidence.size(), EvidenceTally.MAX_EVIDENCE)))));
    }

    private static Optional<Deployment> deployment(RegionSnapshot region, CheckContext context) {
        return region.deployments().stream().filter(d -> context.names().litellmNamespace().equals(d.getMetadata().getNamespace())
                && context.names().litellmDeployment().equals(d.getMetadata().getName())).findFirst();
    }

    private static long ready(RegionSnapshot region, CheckContext context) {
        return LiteLLMPods.of(region, context).stream().filter(PodTrouble::ready).count();
    }

    private static int desired(Deployment d) {
        return d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }
}
