package io.pitcrew.lab;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;
import java.util.Objects;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The "still faulty?" questions the drills ask, one per way a fault can be taken away in the lab. Each reads what the
 * injection wrote, so it asks about this drill's victims, not anyone's.
 */
final class Faults {

    private Faults() {}

    /**
     * The pods the fault broke (evicted, crash-looping, not ready, waiting) are still there: the fix deletes them
     * ({@code pitcrew fix delete-workspace-pod}) or replaces them (a rollout of new pods: {@code restart-litellm},
     * {@code raise-provisioner-limits}).
     */
    static StillFaulty troubledPodsRemain() {
        return podsRemain(Faults::troubled);
    }

    /** Any pod the fault wrote is still there, healthy or not: it runs what it should not (an old image, a runaway disk). */
    static StillFaulty podsRemain() {
        return podsRemain(p -> true);
    }

    private static StillFaulty podsRemain(Predicate<Pod> which) {
        return (lab, injected) -> puts(injected).anyMatch(put -> put.object() instanceof Pod p && which.test(p)
                && lab.object(put.region(), "v1", "Pod", p.getMetadata().getNamespace(), p.getMetadata().getName()).isPresent());
    }

    /**
     * A platform Deployment's replicas (as its spec says now) still make the fault: too few provisioners, a key rotator
     * still running. Deleting the Deployment is no fix: the fault then stands.
     */
    static StillFaulty replicas(String region, String deployment, IntPredicate faulty) {
        return (lab, injected) -> lab.deployment(region, deployment)
                .map(d -> faulty.test(d.path("spec").path("replicas").asInt(1))).orElse(true);
    }

    /**
     * The objects of {@code kind} the fault wrote are as it left them: nobody wrote them since (a Secret refreshed, a
     * NodePool's limits raised, a ServiceAccount annotated again). Deleting one is no fix: the fault then stands.
     */
    static StillFaulty untouched(String kind) {
        return (lab, injected) -> puts(injected).filter(put -> put.object().getKind().equals(kind)).anyMatch(put -> {
            HasMetadata o = put.object();
            return lab.object(put.region(), o.getApiVersion(), kind, o.getMetadata().getNamespace(), o.getMetadata().getName())
                    .map(now -> Objects.equals(now.path("metadata").path("resourceVersion").asString(null), o.getMetadata().getResourceVersion()))
                    .orElse(true);
        });
    }

    /** The ECR mirror does not have what ghcr.io publishes ({@code pitcrew fix sync-mirror} copies it). */
    static StillFaulty mirrorBehind() {
        return (lab, injected) -> !lab.mirrorInSync();
    }

    /**
     * The lab cannot show this fault fixed: its fix lies outside the clusters (Cloudflare, AWS IAM, EC2 capacity,
     * Terraform's state, a database), so the drill ends with it standing, whatever was done.
     */
    static StillFaulty fixedOutsideTheLab() {
        return (lab, injected) -> true;
    }

    private static Stream<Change.Put> puts(List<Change> injected) {
        return injected.stream().filter(Change.Put.class::isInstance).map(Change.Put.class::cast);
    }

    /** Evicted, failed or pending, or a container that is not ready: what a fault leaves, as kubectl shows it. */
    private static boolean troubled(Pod p) {
        var status = p.getStatus();
        if (status == null) return false;
        if (!"Running".equals(status.getPhase()) && !"Succeeded".equals(status.getPhase())) return true;
        List<ContainerStatus> containers = status.getContainerStatuses() == null ? List.of() : status.getContainerStatuses();
        return containers.stream().anyMatch(c -> !Boolean.TRUE.equals(c.getReady()));
    }
}
