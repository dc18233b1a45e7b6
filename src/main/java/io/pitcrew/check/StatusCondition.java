package io.pitcrew.check;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code status.conditions} of a custom resource read as a {@link GenericKubernetesResource}
 * (Karpenter NodePools and NodeClaims), where everything is untyped maps.
 */
record StatusCondition(String type, String status, String reason, String message, Instant lastTransitionTime) {

    /** The condition of that type, or null when the resource does not report it (yet). */
    static StatusCondition find(GenericKubernetesResource resource, String type) {
        Object raw = resource.getAdditionalProperties().get("status");
        if (!(raw instanceof Map<?, ?> status) || !(status.get("conditions") instanceof List<?> conditions)) return null;
        for (Object o : conditions) {
            if (o instanceof Map<?, ?> c && type.equals(text(c.get("type")))) {
                return new StatusCondition(type, text(c.get("status")), text(c.get("reason")), text(c.get("message")),
                        KubeTime.parse(text(c.get("lastTransitionTime"))));
            }
        }
        return null;
    }

    boolean isTrue() { return "True".equals(status); }

    /** "Ready=False UnhealthyDependents: EC2NodeClass default not ready". */
    String describe() {
        StringBuilder b = new StringBuilder(type).append('=').append(status);
        if (reason != null && !reason.isEmpty()) b.append(' ').append(reason);
        if (message != null && !message.isEmpty()) b.append(": ").append(message);
        return b.toString();
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }
}
