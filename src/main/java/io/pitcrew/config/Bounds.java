package io.pitcrew.config;

/**
 * The limits {@code pitcrew fix} keeps to: a plan that would go past one is refused with the reason, whoever asks.
 * They guard against a typo (10 → 100 provisioners) in the middle of an incident, not against a determined user.
 *
 * @param provisionerReplicas most replicas any provisioner deployment may be scaled to
 * @param litellmReplicas     most LiteLLM replicas (runbook: 4, scale to 6-8)
 * @param provisionerCpu      highest CPU limit of a provisioner container, as a Kubernetes quantity
 * @param provisionerMemory   highest memory limit of a provisioner container, as a Kubernetes quantity
 */
public record Bounds(int provisionerReplicas, int litellmReplicas, String provisionerCpu, String provisionerMemory) {

    public static Bounds defaults() {
        return new Bounds(12, 8, "2", "2Gi");
    }
}
