package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.pitcrew.observe.RegionSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Runbook §1/§4 "kubectl get nodeclaims -A": nodes Karpenter asked for that did not arrive. How long a claim has
 * waited is read from its conditions' lastTransitionTime (set when Karpenter first writes them, Unknown), never
 * from creationTimestamp.
 */
public final class KarpenterNodeClaimsCheck implements Check {

    public static final String ID = "nodeclaim-launch-failed";

    /** Karpenter's own registration TTL: after this it gives up on the instance and deletes the claim. */
    static final Duration REGISTRATION_TIMEOUT = Duration.ofMinutes(15);

    private static final CheckHeader HEADER = new CheckHeader("karpenter-nodeclaims", List.of(ID),
            EnumSet.of(Input.NODE_CLAIMS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        String r = region.region().name();
        Instant now = context.now();
        Duration launchTimeout = context.thresholds().karpenterScaleTimeout();
        EvidenceTally failed = new EvidenceTally();
        for (GenericKubernetesResource claim : region.nodeClaims()) {
            String detail = failure(claim, now, launchTimeout);
            if (detail != null) failed.add(new Evidence(r, "NodeClaim", "", claim.getMetadata().getName(), detail));
        }
        List<Signal> out = new ArrayList<>();
        failed.emit(out, ID, r, EvidenceTally.count(failed.affected(), "NodeClaim") + " failed to launch or register");
        return out;
    }

    /** Why this claim failed, or null while it is on track (a claim that launched a minute ago is waiting, not failing). */
    static String failure(GenericKubernetesResource claim, Instant now, Duration launchTimeout) {
        StatusCondition launched = StatusCondition.find(claim, "Launched");
        if (launched == null) return null;
        if (!launched.isTrue()) {
            if ("LaunchFailed".equals(launched.reason())) return launched.describe();
            if (olderThan(launched, now, launchTimeout)) {
                return "not Launched after " + KubeTime.ago(launched.lastTransitionTime(), now) + ": " + launched.describe();
            }
            return null;
        }
        StatusCondition registered = StatusCondition.find(claim, "Registered");
        if (registered != null && !registered.isTrue() && olderThan(registered, now, REGISTRATION_TIMEOUT)) {
            return "not Registered after " + KubeTime.ago(registered.lastTransitionTime(), now) + ": " + registered.describe();
        }
        return null;
    }

    private static boolean olderThan(StatusCondition c, Instant now, Duration d) {
        return c.lastTransitionTime() != null && c.lastTransitionTime().isBefore(now.minus(d));
    }
}
