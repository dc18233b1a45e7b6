package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.pitcrew.observe.RegionSnapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Runbook §3 "Re-enable after workshop", kept: a key rotator paused by {@code pitcrew fix pause-key-rotation --for/--until}
 * carries {@code pitcrew.io/resume-at}; still at 0 replicas after that time, the pause has outlived its window and
 * keys are no longer rotated. A rotator at 0 without the annotation was paused by hand, with no window to judge.
 */
public final class KeyRotationPauseCheck implements Check {

    public static final String ID = "key-rotation-pause-overdue";
    /** Written by pitcrew fix pause-key-rotation (io.pitcrew.act.PauseKeyRotation): a contract between the two. */
    static final String RESUME_AT = "pitcrew.io/resume-at";

    private static final CheckHeader HEADER = new CheckHeader("key-rotation-pause", List.of(ID),
            EnumSet.of(Input.DEPLOYMENTS, Input.CLOCK));

    @Override
    public CheckHeader header() { return HEADER; }

    @Override
    public List<Signal> check(RegionSnapshot region, CheckContext context) {
        String r = region.region().name();
        List<Signal> out = new ArrayList<>();
        for (Deployment d : region.deployments()) {
            if (!context.names().litellmNamespace().equals(d.getMetadata().getNamespace())
                    || !context.names().keyRotatorDeployment().equals(d.getMetadata().getName())) continue;
            Map<String, String> a = d.getMetadata().getAnnotations();
            Instant due = a == null ? null : KubeTime.parse(a.get(RESUME_AT));
            int replicas = d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            if (due == null || replicas > 0 || due.isAfter(context.now())) continue;
            out.add(new Signal(ID, r, 1, "the key rotator's pause ended " + KubeTime.ago(due, context.now()) + " ago and it is still at 0 replicas",
                    List.of(new Evidence(r, "Deployment", d.getMetadata().getNamespace(), d.getMetadata().getName(),
                            "0 replicas; resume was due at " + due + " (" + RESUME_AT + ")"))));
        }
        return out;
    }
}
