package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.pitcrew.observe.RegionSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runbook §1/§4 "kubectl get nodeclaims -A": nodes Karpenter asked for that did not arrive. How long a claim has
 * waited is read from its conditions' lastTransitionTime (set when Karpenter first writes them, Unknown), never
 * from creationTimestamp. A claim EC2 had no capacity for is deleted at once (karpenter's lifecycle/launch.go) and
 * outlives itself only in its Warning event, so those events of the last {@code logWindow} count too.
 */
public final class KarpenterNodeClaimsCheck implements Check {

    public static final String ID = "nodeclaim-launch-failed";

    /**
     * Karpenter's own timeouts (pkg/controllers/nodeclaim/lifecycle/liveness.go), each counted from the condition's
     * lastTransitionTime: at them it deletes the claim and makes a new one, whose clock starts again. A claim waiting
     * that long is therefore rarely there to be seen, so a claim is overdue a little before Karpenter gives up on it.
     */
    static final Duration LAUNCH_TIMEOUT = Duration.ofMinutes(5);
    static final Duration REGISTRATION_TIMEOUT = Duration.ofMinutes(15);
    /** How long before Karpenter's timeout a claim is overdue: more than a sweep's interval, so a sweep sees it. */
    static final Duration BEFORE_TIMEOUT = Duration.ofMinutes(2);

    /** Karpenter's Warning events on a claim it could not launch (pkg/controllers/nodeclaim/lifecycle/events.go). */
    static final Set<String> LAUNCH_EVENTS = Set.of("InsufficientCapacityError", "NodeClassNotReady");

    private static final CheckHeader HEADER = new CheckHeader("karpenter-nodeclaims", List.of(ID),
            EnumSet.of(Input.NODE_CLAIMS, Input.EVENTS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        String r = region.region().name();
        Instant now = context.now();
        Duration scaleTimeout = context.thresholds().karpenterScaleTimeout();
        EvidenceTally failed = new EvidenceTally();
        Map<String, Event> launchEvents = launchEvents(region.events(), context);
        for (GenericKubernetesResource claim : region.nodeClaims()) {
            String name = claim.getMetadata().getName();
            String detail = failure(claim, now, scaleTimeout);
            if (detail != null) {
                launchEvents.remove(name); // the claim's own conditions say it
                failed.add(new Evidence(r, "NodeClaim", "", name, detail));
            }
        }
        launchEvents.forEach((name, e) -> failed.add(new Evidence(r, "NodeClaim", "", name, e.getReason() + ": "
                + e.getMessage().strip() + " (" + KubeTime.seen(e, now) + ")")));
        List<Signal> out = new ArrayList<>();
        failed.emit(out, ID, r, EvidenceTally.count(failed.affected(), "NodeClaim") + " failed to launch or register");
        return out;
    }

    /**
     * Why this claim failed, or null while it is on track (a claim that launched a minute ago is waiting, not failing).
     * Waiting longer than {@code scaleTimeout} is overdue, or than a little less than Karpenter's own timeout when that
     * comes first.
     */
    static String failure(GenericKubernetesResource claim, Instant now, Duration scaleTimeout) {
        StatusCondition launched = StatusCondition.find(claim, "Launched");
        if (launched == null) return null;
        if (!launched.isTrue()) {
            if ("LaunchFailed".equals(launched.reason())) return launched.describe();
            if (olderThan(launched, now, overdue(scaleTimeout, LAUNCH_TIMEOUT))) {
                return "not Launched after " + KubeTime.ago(launched.lastTransitionTime(), now) + ": " + launched.describe();
            }
            return null;
        }
        StatusCondition registered = StatusCondition.find(claim, "Registered");
        if (registered != null && !registered.isTrue() && olderThan(registered, now, overdue(scaleTimeout, REGISTRATION_TIMEOUT))) {
            return "not Registered after " + KubeTime.ago(registered.lastTransitionTime(), now) + ": " + registered.describe();
        }
        return null;
    }

    /** The latest launch failure event of each claim within {@code logWindow}, by claim name, in the order they failed. */
    private static Map<String, Event> launchEvents(List<Event> events, CheckContext context) {
        Map<String, Event> latest = new LinkedHashMap<>();
        events.stream()
                .filter(e -> e.getInvolvedObject() != null && "NodeClaim".equals(e.getInvolvedObject().getKind())
                        && e.getInvolvedObject().getName() != null && e.getMessage() != null
                        && "Warning".equals(e.getType()) && LAUNCH_EVENTS.contains(e.getReason()))
                .filter(e -> KubeTime.within(KubeTime.lastSeen(e), context.now(), context.thresholds().logWindow()))
                .sorted(Comparator.comparing(KubeTime::lastSeen))
                .forEach(e -> latest.put(e.getInvolvedObject().getName(), e));
        return latest;
    }

    private static Duration overdue(Duration scaleTimeout, Duration karpenterTimeout) {
        Duration beforeKarpenter = karpenterTimeout.minus(BEFORE_TIMEOUT);
        return scaleTimeout.compareTo(beforeKarpenter) < 0 ? scaleTimeout : beforeKarpenter;
    }

    private static boolean olderThan(StatusCondition c, Instant now, Duration d) {
        return c.lastTransitionTime() != null && c.lastTransitionTime().isBefore(now.minus(d));
    }
}
