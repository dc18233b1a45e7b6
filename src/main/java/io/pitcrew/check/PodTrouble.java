package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Why a pod of a platform component does not serve, as {@code kubectl describe pod} would show it: a container in
 * CrashLoopBackOff (with its last exit, OOMKilled included) or stuck in another error state, or the pod Running but not
 * Ready, or Pending, for longer than {@code pendingGrace} — with the kubelet's latest probe failure when there is one.
 * A pod not Ready for less than the grace is starting (a rollout, a reschedule): no trouble yet.
 */
final class PodTrouble {

    /** Waiting reasons that do not pass with time: the kubelet keeps failing the same way. */
    private static final Set<String> STUCK = Set.of("CreateContainerConfigError", "CreateContainerError", "RunContainerError",
            "InvalidImageName", "ErrImagePull", "ImagePullBackOff", "ErrImageNeverPull");

    private PodTrouble() {}

    /** True for a pod that has finished or is going away: it is no replica of anything any more. */
    static boolean gone(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase) || p.getMetadata().getDeletionTimestamp() != null;
    }

    static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Why the pod does not serve, or empty when it does or is still within the grace of starting. */
    static Optional<String> of(Pod p, List<Event> events, CheckContext context) {
        if (p.getStatus() == null || gone(p)) return Optional.empty();
        // a container's state first: it is current, while the Ready condition may lag behind it
        String why = waiting(p);
        if (why == null && !ready(p)) why = notReady(p, context);
        if (why == null) return Optional.empty();
        String probe = latestProblem(p, events, context);
        return Optional.of(probe == null ? why : why + "; " + probe);
    }

    /** A container (init containers first, as they run first) waiting in CrashLoopBackOff or a stuck error state. */
    private static String waiting(Pod p) {
        List<ContainerStatus> statuses = new ArrayList<>();
        if (p.getStatus().getInitContainerStatuses() != null) statuses.addAll(p.getStatus().getInitContainerStatuses());
        if (p.getStatus().getContainerStatuses() != null) statuses.addAll(p.getStatus().getContainerStatuses());
        for (ContainerStatus cs : statuses) {
            var waiting = cs.getState() == null ? null : cs.getState().getWaiting();
            if (waiting == null || waiting.getReason() == null) continue;
            if ("CrashLoopBackOff".equals(waiting.getReason())) {
                return "CrashLoopBackOff, restarts " + cs.getRestartCount() + lastExit(cs);
            }
            if (STUCK.contains(waiting.getReason())) {
                return waiting.getReason() + (waiting.getMessage() == null ? "" : ": " + waiting.getMessage());
            }
        }
        return null;
    }

    /** ", last exit 137 OOMKilled", or nothing when the container never terminated. */
    private static String lastExit(ContainerStatus cs) {
        ContainerStateTerminated last = cs.getLastState() == null ? null : cs.getLastState().getTerminated();
        return last == null ? "" : ", last exit " + last.getExitCode() + (last.getReason() == null ? "" : " " + last.getReason());
    }

    /** Running but not Ready, or Pending, for longer than the grace (judged from the condition's own time). */
    private static String notReady(Pod p, CheckContext context) {
        String phase = p.getStatus().getPhase();
        PodCondition readyFalse = condition(p, "Ready", "False");
        if ("Running".equals(phase) && readyFalse != null) {
            Instant since = KubeTime.parse(readyFalse.getLastTransitionTime());
            if (since == null || KubeTime.within(since, context.now(), context.thresholds().pendingGrace())) return null;
            return "Running but not Ready for " + KubeTime.ago(since, context.now())
                    + (readyFalse.getMessage() == null ? "" : ": " + readyFalse.getMessage()) + restarts(p);
        }
        if ("Pending".equals(phase)) {
            PodCondition unscheduled = condition(p, "PodScheduled", "False");
            PodCondition since = unscheduled != null ? unscheduled : readyFalse;
            Instant at = since == null ? null : KubeTime.parse(since.getLastTransitionTime());
            if (at == null || KubeTime.within(at, context.now(), context.thresholds().pendingGrace())) return null;
            return "Pending for " + KubeTime.ago(at, context.now()) + (since.getMessage() == null ? "" : ": " + since.getMessage());
        }
        return null;
    }

    /** ", restarts 3, last exit 2 Error" for a container the liveness probe (or a crash) restarted; nothing otherwise. */
    private static String restarts(Pod p) {
        if (p.getStatus().getContainerStatuses() == null) return "";
        return p.getStatus().getContainerStatuses().stream().filter(cs -> cs.getRestartCount() != null && cs.getRestartCount() > 0)
                .findFirst().map(cs -> ", restarts " + cs.getRestartCount() + lastExit(cs)).orElse("");
    }

    private static PodCondition condition(Pod p, String type, String status) {
        if (p.getStatus().getConditions() == null) return null;
        return p.getStatus().getConditions().stream().filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()))
                .findFirst().orElse(null);
    }

    /**
     * The kubelet's latest word on the pod within {@code restartWindow}: a probe failure ("Readiness probe failed: ...")
     * first, since it says what the container answers; else another warning (a volume that will not mount). BackOff says
     * no more than the container state already does.
     */
    private static String latestProblem(Pod p, List<Event> events, CheckContext context) {
        String ns = p.getMetadata().getNamespace();
        String name = p.getMetadata().getName();
        List<Event> recent = events.stream()
                .filter(e -> e.getInvolvedObject() != null && "Pod".equals(e.getInvolvedObject().getKind())
                        && name.equals(e.getInvolvedObject().getName()) && ns.equals(e.getInvolvedObject().getNamespace()))
                .filter(e -> "Warning".equals(e.getType()) && !"BackOff".equals(e.getReason()) && e.getMessage() != null)
                .filter(e -> KubeTime.within(KubeTime.lastSeen(e), context.now(), context.thresholds().restartWindow()))
                .sorted(Comparator.comparing(KubeTime::lastSeen).reversed()).toList();
        Event chosen = recent.stream().filter(e -> "Unhealthy".equals(e.getReason())).findFirst()
                .orElse(recent.isEmpty() ? null : recent.getFirst());
        if (chosen == null) return null;
        return chosen.getMessage().strip() + " (" + KubeTime.seen(chosen, context.now()) + ")";
    }
}
