package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Volume;
import io.pitcrew.observe.RegionSnapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * Runbook §1 "Check for evicted pods" ({@code kubectl get pods -A | grep Evicted}) and "Check ephemeral volume
 * usage": evicted pods, split by what the kubelet ran out of, with the emptyDir volumes that had no size limit.
 */
public final class EvictedPodsCheck implements Check {

    public static final String EPHEMERAL = "ephemeral-storage-eviction";
    public static final String RESOURCE = "resource-eviction";

    private static final CheckHeader HEADER = new CheckHeader("evicted-pods", List.of(EPHEMERAL, RESOURCE),
            EnumSet.of(Input.PODS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        String r = region.region().name();
        EvidenceTally ephemeral = new EvidenceTally();
        EvidenceTally resource = new EvidenceTally();
        for (Pod pod : region.pods()) {
            String message = evictionMessage(pod);
            if (message == null) continue;
            // Evicted pods linger until garbage collection (days, on a quiet cluster): one from yesterday's
            // workshop is history. A pod whose eviction time we cannot read still counts, as `grep Evicted` would.
            Instant at = evictedAt(pod);
            if (at != null && !KubeTime.within(at, context.now(), context.thresholds().restartWindow())) continue;
            if (at != null) message = message + " (" + KubeTime.ago(at, context.now()) + " ago)";
            String ns = pod.getMetadata().getNamespace();
            String name = pod.getMetadata().getName();
            if (isEphemeralStorage(message)) {
                String unbounded = unboundedEmptyDirs(pod);
                ephemeral.add(new Evidence(r, "Pod", ns, name,
                        unbounded.isEmpty() ? message : message + " [emptyDir without sizeLimit: " + unbounded + "]"));
            } else {
                resource.add(new Evidence(r, "Pod", ns, name, message));
            }
        }
        List<Signal> out = new ArrayList<>();
        ephemeral.emit(out, EPHEMERAL, r,
                EvidenceTally.count(ephemeral.affected(), "pod") + " evicted for ephemeral storage");
        resource.emit(out, RESOURCE, r,
                EvidenceTally.count(resource.affected(), "pod") + " evicted or preempted for memory, cpu or pids");
        return out;
    }

    /**
     * The eviction message of a pod the kubelet evicted or the scheduler/kubelet preempted, else null.
     * A Failed pod that simply exited (a Job's failed run) is not an eviction; Succeeded pods never are.
     */
    static String evictionMessage(Pod pod) {
        PodStatus s = pod.getStatus();
        if (s == null || !"Failed".equals(s.getPhase())) return null;
        String reason = s.getReason();
        if ("Evicted".equals(reason) || "Preempting".equals(reason)) {
            return reason + ": " + (s.getMessage() == null ? "" : s.getMessage());
        }
        if (s.getConditions() != null) {
            for (PodCondition c : s.getConditions()) {
                // Set by the scheduler when it preempts a pod; its message says by whom.
                if ("DisruptionTarget".equals(c.getType()) && "True".equals(c.getStatus())
                        && "PreemptionByScheduler".equals(c.getReason())) {
                    return "Preempted: " + (c.getMessage() == null ? "" : c.getMessage());
                }
            }
        }
        return null;
    }

    /**
     * When the pod was evicted, as well as the status tells: the DisruptionTarget condition the kubelet adds, the
     * Ready=False transition, or the latest container termination; null when none is given.
     */
    static Instant evictedAt(Pod pod) {
        PodStatus s = pod.getStatus();
        Instant latest = null;
        if (s.getConditions() != null) {
            for (PodCondition c : s.getConditions()) {
                boolean marks = "DisruptionTarget".equals(c.getType()) && "True".equals(c.getStatus())
                        || "Ready".equals(c.getType()) && "False".equals(c.getStatus());
                if (marks) latest = later(latest, KubeTime.parse(c.getLastTransitionTime()));
            }
        }
        if (s.getContainerStatuses() != null) {
            for (ContainerStatus cs : s.getContainerStatuses()) {
                if (cs.getState() != null && cs.getState().getTerminated() != null) {
                    latest = later(latest, KubeTime.parse(cs.getState().getTerminated().getFinishedAt()));
                }
            }
        }
        return latest;
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) return b;
        return b == null || a.isAfter(b) ? a : b;
    }

    /**
     * The kubelet's wordings of an eviction for local disk (pkg/kubelet/eviction/helpers.go): the node low on
     * ephemeral-storage or on inodes (both are DiskPressure), a pod admitted onto a node with DiskPressure and
     * rejected ("The node had condition: [DiskPressure]."), and the three local limits: a pod's total, a container's
     * ("Container dev exceeded its local ephemeral storage limit \"2Gi\"."), an emptyDir's.
     */
    static boolean isEphemeralStorage(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("ephemeral-storage") || m.contains("ephemeral local storage")
                || m.contains("local ephemeral storage") || m.contains("usage of emptydir volume")
                || m.contains("low on resource: inodes") || m.contains("diskpressure");
    }

    /** "cache, tmp": emptyDir volumes that may grow until the node evicts (the runbook's jq line). */
    static String unboundedEmptyDirs(Pod pod) {
        if (pod.getSpec() == null || pod.getSpec().getVolumes() == null) return "";
        List<String> names = new ArrayList<>();
        for (Volume v : pod.getSpec().getVolumes()) {
            if (v.getEmptyDir() != null && v.getEmptyDir().getSizeLimit() == null) names.add(v.getName());
        }
        return String.join(", ", names);
    }
}
