package io.pitcrew.config;

/**
 * pitcrew.yaml's {@code workspace:}: what one workspace of the workshop's template requests, for sizing before any
 * workspace runs (preflight reads the requests of the workspace pods it finds first).
 *
 * @param cpu    a Kubernetes quantity, e.g. {@code 4} or {@code 3500m}
 * @param memory a Kubernetes quantity, e.g. {@code 8Gi}
 */
public record WorkspaceRequests(String cpu, String memory) {

    /** The runbook's workspaces: "2-4 vCPU, 4-8 GB each", taken at their upper end. */
    public static WorkspaceRequests runbook() {
        return new WorkspaceRequests("4", "8Gi");
    }
}
