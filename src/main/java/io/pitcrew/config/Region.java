package io.pitcrew.config;

/**
 * One region of the platform as the runbook knows it: a cluster with a role and its public domain, and how pitcrew
 * reaches the cluster's API server.
 *
 * @param context the kube context of the region's cluster; for a region reached otherwise, the name its context goes
 *                by in messages and in {@code --context}
 */
public record Region(String name, String context, Role role, String domain, Reach reach) {

    /** A region reached through its context in the kubeconfig, as kubectl reaches it. */
    public Region(String name, String context, Role role, String domain) {
        this(name, context, role, domain, new Reach.ByKubeconfig());
    }

    public enum Role {
        CONTROL_PLANE("control-plane"), PROXY("proxy");

        private final String id;

        Role(String id) { this.id = id; }

        public String id() { return id; }

        public static Role of(String id) {
            for (Role r : values()) if (r.id.equals(id)) return r;
            return null;
        }
    }

    /**
     * How pitcrew reaches a region's API server. On a laptop every region is a kubeconfig context; a serve running in
     * the control-plane cluster reaches that cluster as a pod does and the proxy regions' EKS clusters from its AWS
     * identity (IRSA), with no kubeconfig and no AWS CLI in the image.
     */
    public sealed interface Reach {
        /** The region's {@code context} in the kubeconfig (the default). */
        record ByKubeconfig() implements Reach {}

        /** An EKS cluster: endpoint and CA from {@code DescribeCluster}, a token signed from the AWS identity. */
        record Eks(String cluster, String awsRegion) implements Reach {}

        /** The cluster pitcrew runs in, through its service account ({@code inCluster: true}). */
        record InCluster() implements Reach {}
    }

    public boolean isControlPlane() { return role == Role.CONTROL_PLANE; }
}
