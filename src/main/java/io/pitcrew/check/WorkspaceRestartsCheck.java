package io.pitcrew.check;

import io.pitcrew.config.LabelSelector;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.pitcrew.observe.RegionSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Runbook §1 "Check workspace pod events" ({@code kubectl describe pod <workspace>}): workspace pods that are
 * restarting now. A pod that restarted hours ago and has run since is healthy: restart counts never go down, so a
 * high count only counts when we cannot tell when the last restart was, or the pod is crash-looping right now.
 */
public final class WorkspaceRestartsCheck implements Check {

    public static final String ID = "workspace-restarting";

    private static final CheckHeader HEADER = new CheckHeader("workspace-restarts", List.of(ID),
            EnumSet.of(Input.PODS, Input.EVENTS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        String r = region.region().name();
        Instant now = context.now();
        Duration window = context.thresholds().restartWindow();
        LabelSelector workspaces = LabelSelector.parse(context.names().workspaceSelector());

        Map<String, Pod> byKey = new LinkedHashMap<>();
        for (Pod p : region.pods()) {
            if (workspaces.matches(p.getMetadata().getLabels())) byKey.put(key(p.getMetadata().getNamespace(), p.getMetadata().getName()), p);
        }
        if (byKey.isEmpty()) return List.of();

        Map<String, String> recentEvents = new HashMap<>();
        for (Event e : region.events()) {
            ObjectReference o = e.getInvolvedObject();
            if (o == null || !"Pod".equals(o.getKind()) || !isRestartEvent(e)) continue;
            String k = key(o.getNamespace(), o.getName());
            if (!byKey.containsKey(k)) continue;
            Instant seen = KubeTime.lastSeen(e); // events without any time are ignored: we cannot tell they are recent
            if (KubeTime.within(seen, now, window)) {
                recentEvents.putIfAbsent(k, e.getReason() + " " + KubeTime.ago(seen, now) + " ago: " + e.getMessage());
            }
        }

        EvidenceTally restarting = new EvidenceTally();
        for (Map.Entry<String, Pod> entry : byKey.entrySet()) {
            Pod pod = entry.getValue();
            int restarts = 0;
            boolean crashLooping = false;
            ContainerStateTerminated last = null;
            Instant lastAt = null;
            List<ContainerStatus> statuses = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
            if (statuses != null) {
                for (ContainerStatus cs : statuses) {
                    if (cs.getRestartCount() != null) restarts += cs.getRestartCount();
                    if (cs.getState() != null && cs.getState().getWaiting() != null
                            && "CrashLoopBackOff".equals(cs.getState().getWaiting().getReason())) crashLooping = true;
                    ContainerStateTerminated t = cs.getLastState() == null ? null : cs.getLastState().getTerminated();
                    Instant at = t == null ? null : KubeTime.parse(t.getFinishedAt());
                    if (at != null && (lastAt == null || at.isAfter(lastAt))) { last = t; lastAt = at; }
                }
            }
            boolean recentTermination = KubeTime.within(lastAt, now, window);
            boolean manyRestarts = restarts >= context.thresholds().workspaceRestarts() && (lastAt == null || crashLooping);
            String event = recentEvents.get(entry.getKey());
            if (!recentTermination && !manyRestarts && event == null) continue;

            StringBuilder detail = new StringBuilder("restarts ").append(restarts);
            if (last != null) {
                detail.append(", last ").append(last.getReason() == null ? "terminated" : last.getReason());
                if (last.getExitCode() != null) detail.append(" (exit ").append(last.getExitCode()).append(')');
                detail.append(" at ").append(lastAt).append(" (").append(KubeTime.ago(lastAt, now)).append(" ago)");
            }
            if (crashLooping) detail.append(", CrashLoopBackOff");
            if (event != null) detail.append("; ").append(event);
            restarting.add(new Evidence(r, "Pod", pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                    detail.toString()));
        }
        List<Signal> out = new ArrayList<>();
        restarting.emit(out, ID, r, EvidenceTally.count(restarting.affected(), "workspace pod") + " restarting");
        return out;
    }

    /**
     * BackOff (a container failing to start again) and Killing with "will be restarted" (a failed liveness
     * probe). A plain Killing event ("Stopping container dev") is a user stopping a workspace, not a restart.
     */
    static boolean isRestartEvent(Event e) {
        if ("BackOff".equals(e.getReason())) return "Warning".equals(e.getType());
        return "Killing".equals(e.getReason()) && e.getMessage() != null && e.getMessage().contains("will be restarted");
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
