package io.pitcrew.check;

/**
 * One object and the fact about it that matters, e.g. Pod workspaces/coder-ab12-0 "Evicted: The node was low
 * on resource: ephemeral-storage ...".
 *
 * @param kind      Kubernetes kind (Pod, Node, NodePool, Deployment, ...) or a pseudo-kind such as Log
 * @param namespace empty for cluster-scoped objects
 */
public record Evidence(String region, String kind, String namespace, String name, String detail) {

    public String ref() {
        return kind + " " + (namespace == null || namespace.isEmpty() ? "" : namespace + "/") + name;
    }
}
